package io.statuspage.notifier;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal SMTP server on 127.0.0.1 that keeps only what a test or the benchmark needs of each accepted mail (its
 * recipient and Message-ID), and can be told to refuse the next recipients with a given reply ("550 ...", "451 ...").
 * Much lighter than GreenMail, which parses and stores every message: the benchmark measures the notifier, not this.
 */
final class SmtpSink implements AutoCloseable {

  /** One accepted mail. */
  record Accepted(String to, String messageId) {
  }

  final List<Accepted> accepted = new CopyOnWriteArrayList<>();
  final AtomicLong count = new AtomicLong();
  private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
  private final NetServer server;
  private final boolean keep;

  /** {@code keep}: remember each mail (tests), or only count them (the benchmark). */
  SmtpSink(Vertx vertx, int port, boolean keep) {
    this.keep = keep;
    this.server = vertx.createNetServer().connectHandler(this::session);
    server.listen(port, "127.0.0.1").await();
  }

  int port() {
    return server.actualPort();
  }

  /** The next RCPT commands are answered with these replies, in order. */
  void refuse(String... replies) {
    refusals.addAll(List.of(replies));
  }

  private void session(NetSocket socket) {
    socket.write("220 sink ESMTP\r\n");
    State state = new State();
    RecordParser parser = RecordParser.newDelimited("\r\n");
    parser.handler(buffer -> {
      String line = buffer.toString();
      if (state.data) {
        if (line.equals(".")) {
          state.data = false;
          count.incrementAndGet();
          if (keep) {
            accepted.add(new Accepted(state.to, state.messageId));
          }
          socket.write("250 OK queued\r\n");
        } else if (state.messageId == null && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
          state.messageId = line.substring(11).strip();
        }
        return;
      }
      String command = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
      switch (command) {
        case "EHLO" -> socket.write("250-sink\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
        case "HELO" -> socket.write("250 sink\r\n");
        case "MAIL" -> {
          state.to = null;
          state.messageId = null;
          socket.write("250 OK\r\n");
        }
        case "RCPT" -> {
          String refusal = refusals.poll();
          if (refusal != null) {
            socket.write(refusal + "\r\n");
          } else {
            state.to = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
            socket.write("250 OK\r\n");
          }
        }
        case "DATA" -> {
          state.data = true;
          socket.write("354 go ahead\r\n");
        }
        case "QUIT" -> socket.write("221 bye\r\n").onComplete(v -> socket.close());
        default -> socket.write("250 OK\r\n");
      }
    });
    socket.handler(parser);
  }

  private static final class State {
    boolean data;
    String to;
    String messageId;
  }

  @Override
  public void close() {
    server.close().await();
  }
}
