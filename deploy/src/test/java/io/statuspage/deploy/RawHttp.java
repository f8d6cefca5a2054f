package io.statuspage.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken by hand over a socket, so a test can send what no HTTP client library would let it: malformed
 * targets, odd versions, broken framing. One request per connection ({@code Connection: close}).
 */
final class RawHttp {

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  /** What came back; {@code answered} is false when the connection closed (or timed out) without a response. */
  record Response(boolean answered, String version, int status, Map<String, List<String>> headers, byte[] body) {

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return answered ? version + " " + status + " " + headers + " " + text() : "(no answer)";
    }
  }

  /** A request with the usual framing: Host, Connection: close and a Content-Length when there is a body. */
  static byte[] request(String method, String target, List<String[]> headers, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
      .append("Host: 127.0.0.1\r\nConnection: close\r\n");
    for (String[] header : headers) {
      head.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    // ISO-8859-1: every char of a test's target or header goes on the wire as the one byte it stands for.
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  Response exchange(byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return read(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      return new Response(false, null, 0, Map.of(), new byte[0]);
    } catch (IOException e) {
      // A reset while the request was still being written: the server had answered and closed, or refused.
      return new Response(false, null, 0, Map.of(), e.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static Response read(InputStream in) throws IOException {
    byte[] all = readAll(in);
    int headEnd = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (all.length == 0 || headEnd < 0) {
      return new Response(false, null, 0, Map.of(), all);
    }
    String[] lines = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
        .add(lines[i].substring(colon + 1).strip());
    }
    byte[] rest = java.util.Arrays.copyOfRange(all, headEnd + 4, all.length);
    List<String> encoding = headers.get("transfer-encoding");
    byte[] body = encoding != null && encoding.get(0).equalsIgnoreCase("chunked") ? unchunk(rest) : rest;
    List<String> length = headers.get("content-length");
    if (length != null && body.length > Integer.parseInt(length.get(0))) {
      body = java.util.Arrays.copyOf(body, Integer.parseInt(length.get(0)));
    }
    return new Response(true, statusLine[0], Integer.parseInt(statusLine[1]), headers, body);
  }

  /** Reads one response: up to its Content-Length, its last chunk, or the end of the connection. */
  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16384];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        if (complete(out.toByteArray())) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      if (out.size() == 0) {
        throw e;
      }
    }
    return out.toByteArray();
  }

  private static boolean complete(byte[] data) {
    int headEnd = indexOf(data, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (headEnd < 0) {
      return false;
    }
    String head = new String(data, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    int bodyLength = data.length - headEnd - 4;
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length:\\s*(\\d+)").matcher(head);
    if (length.find()) {
      return bodyLength >= Integer.parseInt(length.group(1));
    }
    if (head.contains("\r\ntransfer-encoding: chunked")) {
      return indexOf(data, headEnd, "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) >= 0;
    }
    // No framing: a 304 or 204 ends with its head; anything else runs to the end of the connection.
    return head.startsWith("http/1.1 304") || head.startsWith("http/1.1 204");
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOf(chunked, at, "\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0]
        .strip(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] needle) {
    return indexOf(data, 0, needle);
  }

  private static int indexOf(byte[] data, int from, byte[] needle) {
    outer:
    for (int i = from; i <= data.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
