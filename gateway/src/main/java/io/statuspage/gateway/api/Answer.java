package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A management response as a value: what is sent, and what an idempotency key keeps to send again. Headers are only
 * those that belong to the answer (Content-Type, Location); the baseline and {@code Cache-Control: no-store} are
 * added on every send.
 *
 * @param body empty for none
 */
record Answer(int status, Map<String, String> headers, Buffer body) {

  static final String JSON = "application/json; charset=utf-8";

  Answer {
    headers = Map.copyOf(headers);
  }

  /** An operation's reply from its service, with the operation's status. */
  static Answer of(int status, Object reply) {
    if (status == 204) {
      return new Answer(204, Map.of(), Buffer.buffer());
    }
    Buffer bytes = reply instanceof JsonArray array ? array.toBuffer() : ((JsonObject) reply).toBuffer();
    return new Answer(status, Map.of("Content-Type", JSON), bytes);
  }

  /** A refusal, as {@link Problems} would send it. */
  static Answer problem(ServiceError error) {
    return new Answer(error.status(), Map.of("Content-Type", Problems.CONTENT_TYPE), error.toProblem().toBuffer());
  }

  /** The same answer with one more header. */
  Answer with(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Answer(status, more, body);
  }

  void send(HttpServerResponse response) {
    response.putHeader("Cache-Control", "no-store");
    headers.forEach(response::putHeader);
    response.setStatusCode(status);
    if (body.length() == 0) {
      response.end();
    } else {
      response.end(body);
    }
  }
}
