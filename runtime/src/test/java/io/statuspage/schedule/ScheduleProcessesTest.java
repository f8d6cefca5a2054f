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
import java.util.List;
import java.util.Map;
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

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    PgConnectOptions db = TestDatabase.fresh();
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

  private Path start(String name, String url) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      cmd.add("-Djava.util.logging.config.file=" + logging);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ScheduleWorker.class.getName(), url, name));
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

  @Test
  void twoProcessesRunEachPieceOfDueWorkExactlyOnce() throws Exception {
    String url = TestDatabase.url(TestDatabase.fresh().setDatabase(pool.query("SELECT current_database()")
      .execute().await().iterator().next().getString(0)));
    awaitReady(start("a", url));
    awaitReady(start("b", url));

    // Due together a moment from now, so that both instances are polling when it falls due.
    OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1);
    pool.withTransaction(tx -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < WORK; i++) {
        String key = "w" + i;
        chain = chain.compose(v -> Schedule.at(tx, "job", key, due));
      }
      return chain;
    }).await();

    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while ((count("SELECT count(*) FROM schedule_run") < WORK || count("SELECT count(*) FROM scheduled_work") > 0)
      && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    Thread.sleep(1000);   // time enough for a late second run to show

    String why = output();
    assertEquals(WORK, count("SELECT count(*) FROM schedule_run"), why);
    assertEquals(WORK, count("SELECT sum(runs) FROM schedule_run"), "a piece of work ran twice\n" + why);
    assertEquals(0, count("SELECT count(*) FROM scheduled_work"), why);
    Map<String, Long> byProcess = new TreeMap<>();
    for (Row row : pool.query("SELECT process, count(*) FROM schedule_run GROUP BY process").execute().await()) {
      byProcess.put(row.getString(0), row.getLong(1));
    }
    assertEquals(List.of("a", "b"), List.copyOf(byProcess.keySet()), "both took part: " + byProcess);
    System.out.println("Runs by process: " + byProcess);
    processes.forEach(p -> assertTrue(p.isAlive(), why));
  }
}
