package io.statuspage.gateway.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.statuspage.bus.ServiceError;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * A request whose body framing breaks half-way (a chunk size of {@code zz}, say) deserves a 400, but Vert.x 5.0
 * closes the connection on it without a word, and offers no public hook. This one Netty handler, placed just before
 * Vert.x's own, answers such a request with a problem (unless its response has begun) and then closes. It leans on
 * Vert.x internals ({@link ConnectionBase} and the pipeline name {@code handler}); the fuzz suite's raw-socket case
 * fails loudly if an upgrade moves them.
 */
public final class BrokenBodies extends ChannelDuplexHandler {

  private static final String VERTX_HANDLER = "handler";

  private boolean responding;

  private BrokenBodies() {
  }

  /** The server's connection handler: adds this to HTTP/1.x connections. */
  public static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base && base.channelHandlerContext().pipeline().get(VERTX_HANDLER) != null) {
      base.channelHandlerContext().pipeline().addBefore(VERTX_HANDLER, "statuspage-broken-bodies", new BrokenBodies());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest) {
      responding = false;
    } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      if (responding) {
        ctx.close();
      } else {
        respond(ctx);
      }
      return;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof HttpResponse) {
      responding = true;
    }
    super.write(ctx, msg, promise);
  }

  private void respond(ChannelHandlerContext ctx) {
    responding = true;
    byte[] body = ServiceError.badRequest("body", "The request body could not be read: its framing is malformed")
      .toProblem().toBuffer().getBytes();
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
      HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(body));
    response.headers()
      .set(HttpHeaderNames.CONTENT_TYPE, Problems.CONTENT_TYPE)
      .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
      .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
      .set(HttpHeaderNames.CONNECTION, "close")
      .set(SecurityHeaders.NOSNIFF_NAME, SecurityHeaders.NOSNIFF)
      .set(SecurityHeaders.REFERRER_POLICY_NAME, SecurityHeaders.SAME_ORIGIN)
      .set(SecurityHeaders.CSP_NAME, SecurityHeaders.CSP_NOTHING);
    // Written from here, so it passes only the encoders before this handler; Vert.x never sees it.
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
