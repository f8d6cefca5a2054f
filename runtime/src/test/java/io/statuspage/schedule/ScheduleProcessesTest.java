package io.statuspage.schedule;

import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances as separate JVMs ({@link ScheduleWorker}) polling one database: each piece of due work runs exactly
 * once, none is lost, and both instances share it.
 */
class ScheduleProcessesTest {

  private static final int WORK = 200;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private Vertx vertx;
  private Pool pool;
  private String url;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    PgConnectOptions db = TestDatabase.fresh();
    url = TestDatabase.url(db);
    pool = Database.open(vertx, Config.of(TestDatabase.config(db)), "kit", 4).await();
    pool.query("CREATE TABLE schedule_run (request_id text PRIMARY KEY, process text NOT NULL, "
      + "runs integer NOT NULL DEFAULT 1)").execute().await();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    vertx.close().await();
  }

  private Path start(String name, Duration lease, Duration work) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      cmd.add("-Djava.util.logging.config.file=" + logging);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ScheduleWorker.class.getName(), url, name,
      String.valueOf(lease.toMillis()), String.valueOf(work.toMillis())));
    Path log = Files.createTempFile("statuspage-schedule-" + name + "-", ".log");
    processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
      .directory(new File(System.getProperty("java.io.tmpdir"))).start());
    logs.add(log);
    return log;
  }

  private String output() {
    StringBuilder out = new StringBuilder();
    for (Path log : logs) {
      try {
        out.append("---- ").append(log).append('\n').append(Files.readString(log));
      } catch (IOException e) {
        out.append("(no log ").append(log).append(")\n");
      }
    }
    return out.toString();
  }

  private void awaitReady(Path log) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log).contains("ready")) {
      assertTrue(System.nanoTime() < end, "worker not ready:\n" + output());
      Thread.sleep(50);
    }
  }

  private long count(String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  /** {@link #WORK} pieces of work, due together a moment from now, so that the instances poll when it falls due. */
  private void scheduleWork() {
    OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1);
    pool.withTransaction(tx -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < WORK; i++) {
        String key = "w" + i;
        chain = chain.compose(v -> Schedule.at(tx, "job", key, due));
      }
      return chain;
    }).await();
  }

  private void awaitAllRun() throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while ((count("SELECT count(*) FROM schedule_run") < WORK || count("SELECT count(*) FROM scheduled_work") > 0)
      && System.nanoTime() < end) {
      Thread.sleep(100);
    }
  }

  /** The work under a claim now, with its claim. */
  private Set<String> claims() {
    Set<String> claims = new HashSet<>();
    pool.query("SELECT key, claim FROM scheduled_work WHERE claim IS NOT NULL").execute().await()
      .forEach(row -> claims.add(row.getString(0) + " " + row.getUUID(1)));
    return claims;
  }

  private Map<String, Long> runsByProcess() {
    Map<String, Long> byProcess = new TreeMap<>();
    for (Row row : pool.query("SELECT process, count(*) FROM schedule_run GROUP BY process").execute().await()) {
      byProcess.put(row.getString(0), row.getLong(1));
    }
    return byProcess;
  }

  @Test
  void twoProcessesRunEachPieceOfDueWorkExactlyOnce() throws Exception {
    awaitReady(start("a", Duration.ofSeconds(30), Duration.ofMillis(5)));
    awaitReady(start("b", Duration.ofSeconds(30), Duration.ofMillis(5)));
    scheduleWork();

    awaitAllRun();
    Thread.sleep(1000);   // time enough for a late second run to show

    String why = output();
    assertEquals(WORK, count("SELECT count(*) FROM schedule_run"), why);
    assertEquals(WORK, count("SELECT sum(runs) FROM schedule_run"), "a piece of work ran twice\n" + why);
    assertEquals(0, count("SELECT count(*) FROM scheduled_work"), why);
    Map<String, Long> byProcess = runsByProcess();
    assertEquals(List.of("a", "b"), List.copyOf(byProcess.keySet()), "both took part: " + byProcess);
    System.out.println("Runs by process: " + byProcess);
    processes.forEach(p -> assertTrue(p.isAlive(), why));
  }

  @Test
  void workClaimedByAProcessThatIsKilledIsRunByTheOtherAfterTheLease() throws Exception {
    Duration lease = Duration.ofSeconds(2);
    // a's work is slow, so that it is nearly always in the middle of a batch when killed.
    awaitReady(start("a", lease, Duration.ofMillis(300)));
    awaitReady(start("b", lease, Duration.ofMillis(30)));
    scheduleWork();
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (count("SELECT count(*) FROM schedule_run WHERE process = 'a'") < 3 && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    processes.get(0).destroyForcibly().waitFor();   // a crash: no release, its claims stay until the lease ends
    // The dead process's claims are those that stay; the live one's come and go with each batch (about 150 ms).
    Set<String> claimed = claims();
    Thread.sleep(400);
    Set<String> dead = new HashSet<>(claimed);
    dead.retainAll(claims());
    assertTrue(!dead.isEmpty(), "the killed process held no claim: " + claimed);

    awaitAllRun();
    String why = "claims of the dead: " + dead + ", runs by process: " + runsByProcess() + "\n" + output();
    assertEquals(WORK, count("SELECT count(*) FROM schedule_run"), "none lost: " + why);
    assertEquals(0, count("SELECT count(*) FROM scheduled_work"), why);
    // Only what the dead process was running when killed can have run twice: its effect committed, its row not yet
    // deleted. The handler's write with the request id makes that harmless (Writer); here it is counted.
    long twice = count("SELECT count(*) FROM schedule_run WHERE runs > 1");
    assertTrue(twice <= 1, why);
    assertEquals(0, count("SELECT count(*) FROM schedule_run WHERE runs > 2"), why);
    assertTrue(runsByProcess().get("a") >= 3 && runsByProcess().get("b") > 0, why);
  }
}
