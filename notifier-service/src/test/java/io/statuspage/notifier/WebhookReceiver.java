package io.statuspage.notifier;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 standing for webhook receivers: every path records what it is sent and answers
 * what the test scripted for it (by default 200), after a delay if one was set.
 */
final class WebhookReceiver {

  /** One request as received. */
  record Received(String path, String id, String timestamp, String signature, String host, String body,
                  long receivedAtMillis) {

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** An answer: a status, and headers to add. */
  record Answer(int status, Map<String, String> headers) {
  }

  private final HttpServer server;
  final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, ConcurrentLinkedQueue<Answer>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Long> delays = new ConcurrentHashMap<>();

  WebhookReceiver(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
  }

  int port() {
    return server.actualPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** The next answers for {@code path}, in order; once they are used up it answers 200. */
  void answer(String path, Answer... answers) {
    scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
  }

  /** Forgets the answers not used yet: {@code path} answers 200 from now on. */
  void clear(String path) {
    scripts.remove(path);
  }

  void delay(String path, long millis) {
    delays.put(path, millis);
  }

  List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      received.add(new Received(request.path(), request.getHeader("webhook-id"),
        request.getHeader("webhook-timestamp"), request.getHeader("webhook-signature"), request.getHeader("host"),
        body.toString(), System.currentTimeMillis()));
      Answer answer = scripts.getOrDefault(request.path(), new ConcurrentLinkedQueue<>()).poll();
      Runnable respond = () -> {
        if (answer == null) {
          request.response().setStatusCode(200).end("ok");
        } else {
          answer.headers().forEach((k, v) -> request.response().putHeader(k, v));
          request.response().setStatusCode(answer.status()).end();
        }
      };
      long delay = delays.getOrDefault(request.path(), 0L);
      if (delay > 0) {
        Vertx.currentContext().owner().setTimer(delay, t -> respond.run());
      } else {
        respond.run();
      }
    });
  }
}
