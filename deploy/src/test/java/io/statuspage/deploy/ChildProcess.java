package io.statuspage.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The launcher as a real separate JVM, on this test's classpath, with its output in a log file. */
final class ChildProcess implements AutoCloseable {

  private final Process process;
  final Path log;

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static ChildProcess start(String name, String command, Map<String, String> config) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    String jvmArgs = System.getProperty("statuspage.test.jvm.args", "");
    cmd.addAll(Arrays.stream(jvmArgs.split("\\s+")).filter(s -> !s.isBlank()).toList());
    config.forEach((k, v) -> cmd.add("-Dstatuspage." + k + "=" + v));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Launcher.class.getName());
    cmd.add(command);
    Path log = Files.createTempFile("statuspage-" + name + "-", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
      .directory(new File(System.getProperty("java.io.tmpdir"))).start();
    return new ChildProcess(p, log);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Kills the process at once, as a crash would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
