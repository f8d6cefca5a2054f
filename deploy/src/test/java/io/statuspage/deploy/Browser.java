package io.statuspage.deploy;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven over the DevTools protocol, with the page's JavaScript switched off
 * ({@code Emulation.setScriptExecutionDisabled}): the test fills and submits forms as a person would, through
 * DevTools, while the page itself runs no script. One browser per instance; {@link #close} ends it.
 */
final class Browser implements AutoCloseable {

  static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> messages;
  private final java.util.List<JsonObject> pending = new java.util.ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  /** The tab's DevTools session; null while talking to the browser itself. */
  private String session;

  private Browser(Process process, Path profile, WebSocket socket, BlockingQueue<JsonObject> messages) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
    this.messages = messages;
  }

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Starts the browser and opens one tab with scripts off. */
  static Browser start() throws IOException, InterruptedException {
    return new Starter().start();
  }

  /** Opens {@code url} and waits until it has loaded. */
  void open(String url) throws IOException, InterruptedException {
    JsonObject done = command("Page.navigate", new JsonObject().put("url", url));
    if (done.getString("errorText") != null) {
      throw new IOException("could not open " + url + ": " + done.getString("errorText"));
    }
    awaitEvent("Page.loadEventFired");
  }

  /** Evaluates {@code expression} through DevTools (not as a page script) and answers its value. */
  Object evaluate(String expression) throws IOException, InterruptedException {
    JsonObject result = command("Runtime.evaluate", new JsonObject().put("expression", expression)
      .put("returnByValue", true));
    if (result.containsKey("exceptionDetails")) {
      throw new IOException("evaluation failed: " + result.getJsonObject("exceptionDetails").encode());
    }
    return result.getJsonObject("result").getValue("value");
  }

  /** Runs {@code expression} (a click that submits a form, say) and waits for the page it leads to. */
  void submit(String expression) throws IOException, InterruptedException {
    evaluate(expression);
    awaitEvent("Page.loadEventFired");
  }

  /** The page as it is now. */
  String html() throws IOException, InterruptedException {
    return (String) evaluate("document.documentElement.outerHTML");
  }

  private JsonObject command(String method, JsonObject params) throws IOException, InterruptedException {
    int id = ids.incrementAndGet();
    JsonObject message = new JsonObject().put("id", id).put("method", method).put("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    socket.sendText(message.encode(), true).join();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonObject next = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new IOException("no answer to " + method + " in " + WAIT);
      }
      if (Integer.valueOf(id).equals(next.getInteger("id"))) {
        if (next.containsKey("error")) {
          throw new IOException(method + " failed: " + next.getJsonObject("error").encode());
        }
        return next.getJsonObject("result", new JsonObject());
      }
      if (next.getString("method") != null) {
        pending.add(next);
      }
    }
  }

  private void awaitEvent(String method) throws IOException, InterruptedException {
    for (java.util.Iterator<JsonObject> it = pending.iterator(); it.hasNext(); ) {
      if (method.equals(it.next().getString("method"))) {
        it.remove();
        return;
      }
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonObject next = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new IOException("no " + method + " in " + WAIT);
      }
      if (method.equals(next.getString("method"))) {
        return;
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    } catch (RuntimeException ignored) {
      // the browser is ended below anyway
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> walk = Files.walk(profile)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** Starts the process, connects, opens a tab with scripts off. */
  private static final class Starter {
    Process process;
    Path profile;
    WebSocket socket;
    final BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();

    Browser start() throws IOException, InterruptedException {
      profile = Files.createTempDirectory("chromium-cdp-");
      ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-port=0", "--remote-allow-origins=*",
        "--user-data-dir=" + profile, "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("HOME", profile.toString());
      process = pb.start();
      String url = listeningUrl();
      CompletableFuture<WebSocket> connected = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(url), new Listener(queue));
      try {
        socket = connected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
        throw new IOException("could not connect to the browser at " + url, e);
      }
      Browser browser = new Browser(process, profile, socket, queue);
      try {
        String target = browser.command("Target.createTarget", new JsonObject().put("url", "about:blank"))
          .getString("targetId");
        browser.session = browser.command("Target.attachToTarget", new JsonObject().put("targetId", target)
          .put("flatten", true)).getString("sessionId");
        browser.command("Page.enable", new JsonObject());
        browser.command("Emulation.setScriptExecutionDisabled", new JsonObject().put("value", true));
        return browser;
      } catch (IOException | RuntimeException e) {
        browser.close();
        throw e;
      }
    }

    /** The DevTools address the browser prints on stderr; the rest of stderr is drained so it never blocks. */
    private String listeningUrl() throws IOException {
      BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> found = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try {
          for (String line = err.readLine(); line != null; line = err.readLine()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
              found.complete(m.group(1));
            }
          }
          found.completeExceptionally(new IOException("the browser ended without listening"));
        } catch (IOException e) {
          found.completeExceptionally(e);
        }
      }, "chromium-stderr");
      reader.setDaemon(true);
      reader.start();
      try {
        return found.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
        throw new IOException("the browser did not start its DevTools endpoint", e);
      }
    }
  }

  /** Collects each whole text message as JSON. */
  private static final class Listener implements WebSocket.Listener {
    private final BlockingQueue<JsonObject> queue;
    private final StringBuilder partial = new StringBuilder();

    Listener(BlockingQueue<JsonObject> queue) {
      this.queue = queue;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        queue.add(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
