package io.statuspage.gateway.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.statuspage.bus.ServiceError;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests that are not HTTP/1.0 or 1.1 as this server reads it: a version it does not speak (505), a request line
 * or header too long (414, 431), anything else Netty could not parse (400). Each gets a problem body, then the
 * connection is closed, since what follows on it cannot be trusted.
 */
public final class MalformedRequests {

  private MalformedRequests() {
  }

  /** True when {@code request} is one of these; it has then been answered. */
  public static boolean answered(HttpServerRequest request) {
    if (request.version() != null && request.decoderResult().isSuccess()) {
      return false;
    }
    handle(request);
    return true;
  }

  /** The server's invalid-request handler. */
  public static void handle(HttpServerRequest request) {
    ServiceError error;
    Throwable cause = request.decoderResult().cause();
    if (request.version() == null) {
      error = new ServiceError(505, "HTTP Version Not Supported", "Use HTTP/1.1 (or HTTP/1.0)", "version");
    } else if (cause instanceof TooLongHttpLineException) {
      error = new ServiceError(414, "URI Too Long", "The request line is too long", "path");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = new ServiceError(431, "Request Header Fields Too Large", "The request headers are too large", "headers");
    } else {
      error = ServiceError.badRequest("request", "The request is not valid HTTP/1.1");
    }
    Problems.send(request.response(), error);
    request.connection().close();
  }
}
