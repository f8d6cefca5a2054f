package io.statuspage.gateway.page;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Debian's headless Chromium ({@code /usr/bin/chromium}) once per call with a throw-away profile, for DOM dumps
 * and screenshots of pages served on loopback. The page tests require it ({@code .ci/run} installs it); they fail, not skip,
 * without it.
 *
 * <p>JavaScript off: with Chromium 156's headless mode, {@code --blink-settings=scriptEnabled=false} makes
 * {@code --dump-dom} print nothing and {@code --screenshot} write no file (both are driven through the page's script
 * runtime), and {@code --disable-javascript} does not stop page scripts. So to see a page as it is without JavaScript,
 * serve it with {@link #NO_SCRIPT_CSP} as its {@code Content-Security-Policy}: the page's own scripts are blocked, the
 * browser's DOM dump still works.
 */
final class Chromium {

  static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  /** A CSP that blocks every script of the page (see the class comment). */
  static final String NO_SCRIPT_CSP = "script-src 'none'";

  /** What a run printed. */
  record Result(int exitCode, String stdout, String stderr) {
  }

  private Chromium() {
  }

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** The serialised DOM after load ({@code --dump-dom}). */
  static String dumpDom(String url) throws IOException, InterruptedException {
    return load(url).stdout();
  }

  /** Loads the page: stdout is the serialised DOM, stderr holds the browser log with the page's console. */
  static Result load(String url) throws IOException, InterruptedException {
    Result r = run(List.of("--dump-dom"), url);
    if (r.exitCode() != 0 || r.stdout().isBlank()) {
      throw new IOException("chromium --dump-dom failed (" + r.exitCode() + "): " + tail(r.stderr()));
    }
    return r;
  }

  /**
   * The serialised DOM once the page's scripts have had {@code budget} of virtual time: for pages whose scripts work
   * asynchronously (an accessibility check writing its results into the page, say).
   */
  static String dumpDomAfterScripts(String url, Duration budget) throws IOException, InterruptedException {
    Result r = run(List.of("--virtual-time-budget=" + budget.toMillis(), "--dump-dom"), url);
    if (r.exitCode() != 0 || r.stdout().isBlank()) {
      throw new IOException("chromium --dump-dom failed (" + r.exitCode() + "): " + tail(r.stderr()));
    }
    return r.stdout();
  }

  /** The page's console messages (and CSP violation reports) from a run's log. */
  static List<String> console(Result r) {
    return r.stderr().lines().filter(l -> l.contains(":CONSOLE")).toList();
  }

  /** A PNG screenshot of the page at the given window size. */
  static Path screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
    Files.deleteIfExists(png);
    Result r = run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars"), url);
    if (r.exitCode() != 0 || !Files.exists(png)) {
      throw new IOException("chromium --screenshot failed (" + r.exitCode() + "): " + tail(r.stderr()));
    }
    return png;
  }

  static Result run(List<String> mode, String url) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile-");
    Path out = Files.createTempFile("chromium-", ".out");
    Path err = Files.createTempFile("chromium-", ".err");
    try {
      List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0",
          "--user-data-dir=" + profile));
      cmd.addAll(mode);
      cmd.add(url);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().put("HOME", profile.toString());
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new IOException("chromium timed out after " + TIMEOUT + ": " + tail(Files.readString(err)));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      deleteTree(profile);
    }
  }

  private static String tail(String s) {
    return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
