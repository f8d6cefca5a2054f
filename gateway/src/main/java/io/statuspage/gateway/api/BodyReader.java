package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body into memory, up to a limit, and nothing more: what it means is decided after the key is
 * checked ({@link ContractRequests}). Unlike Vert.x's body handler it never decodes form bodies on its own, so a
 * form field can neither become a query parameter nor fail deep inside Netty.
 */
public final class BodyReader implements Handler<RoutingContext> {

  /** Where the bytes are kept in the routing context. */
  static final String BODY = "statuspage.body";

  private final int limit;

  public BodyReader(int limit) {
    this.limit = limit;
  }

  static Buffer body(RoutingContext rc) {
    return rc.get(BODY);
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (rc.get(BODY) != null || request.isEnded() || length == null && !request.headers().contains(
      HttpHeaders.TRANSFER_ENCODING)) {
      rc.next();
      return;
    }
    if (length != null && tooLong(length)) {
      rc.fail(tooLarge());
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] failed = {false};
    request.handler(chunk -> {
      if (failed[0]) {
        return;
      }
      if (body.length() + chunk.length() > limit) {
        failed[0] = true;
        rc.fail(tooLarge());
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.exceptionHandler(e -> {
      if (!failed[0]) {
        failed[0] = true;
        rc.fail(ServiceError.badRequest("body", "The request body could not be read: the transfer is malformed"));
      }
    });
    request.endHandler(end -> {
      if (!failed[0]) {
        rc.put(BODY, body);
        rc.next();
      }
    });
  }

  private boolean tooLong(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip()) > limit;
    } catch (NumberFormatException e) {
      // Netty refuses a malformed Content-Length before we see it; anything else is read and measured.
      return false;
    }
  }

  private ServiceError tooLarge() {
    return new ServiceError(413, "Content Too Large", "The request body is larger than " + limit / 1024 + " KiB",
      "body");
  }
}
