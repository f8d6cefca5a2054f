package io.statuspage.deploy;

import io.statuspage.gateway.Contract;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.LogRecords;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract-driven fuzz suite: a real standalone suite, driven over raw sockets with requests generated from
 * {@code openapi.yaml} for every operation it has (valid ones first, then mutations of every kind: types, missing
 * and extra fields, lengths up to and over the body limit, Unicode, NUL and control characters, deep nesting,
 * broken JSON and form bodies, content types, path ids with dot segments and encodings, bad escapes in path and
 * query, key variants, methods not in the contract), plus raw-socket cases for the HTTP layer.
 *
 * <p>It asserts: no 5xx; every error is problem JSON whose status is documented for that operation; every body
 * matches its schema; every response carries the security baseline; a rejected write changes nothing; no key ever
 * reaches the log, and no client error leaves a stack trace. The seed is fixed ({@code -Dfuzz.seed} to vary it);
 * a new operation in the contract is covered without new code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContractFuzzTest {

  private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
  private static final int CASES_PER_OPERATION = Integer.getInteger("fuzz.cases", 130);
  private static final String KEY = "sp_fuzzadminkey0123456789abcdefghijklmnopq";
  private static final String WRONG_KEY = "sp_wrongkey0123456789abcdefghijklmnopqrstu";
  private static final int BODY_LIMIT = 64 * 1024;
  private static final List<String> ALL_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
    "TRACE", "FOO");

  private static LogRecords logs;
  private static Vertx vertx;
  private static Vertx validatorVertx;
  private static RawHttp http;
  private static FuzzContract contract;
  private static FuzzValues values;
  private static ResponseValidator validator;
  private static final List<String> failures = new ArrayList<>();
  private static final Map<String, List<String>> idCache = new HashMap<>();
  private static PgConnectOptions db;
  private static Connection jdbc;
  private static String fingerprintSql;
  private static boolean idsStale = true;
  private static List<String> componentIds = List.of();
  private static List<String> knownIds = List.of();
  private static int cases;

  @BeforeAll
  static void start() throws IOException {
    // The test database comes first: its Docker probe logs, and is not the suite's.
    db = TestDatabase.fresh();
    String database = TestDatabase.url(db);
    logs = LogRecords.of("", Level.INFO);
    Logger.getLogger("io.statuspage").setLevel(Level.ALL);
    int port = freePort();
    Config config = Config.of(Map.of(
      "db.url", database,
      "http.port", String.valueOf(port),
      "http.host", "127.0.0.1",
      "http.instances", "1",
      "admin.api.key", KEY,
      "snapshot.file", "",
      "snapshot.refresh", "2s",
      // Metrics the fuzz creates are polled: never from the real Pingdom (nothing listens on port 9 here).
      "pingdom.api.url", "http://127.0.0.1:9/api/3.1",
      // Probes the fuzz creates target whatever URL it drew: stored and answered, never run.
      "probe.run", "false"));
    vertx = Launcher.run(config, List.of(ServiceName.values()), false);
    http = new RawHttp(port);
    new Http(port).await("/health/ready", Duration.ofSeconds(30), r -> r.statusCode() == 200);
    contract = FuzzContract.load();
    values = new FuzzValues(new Random(SEED), contract, () -> {
      refreshIds();
      return knownIds;
    }, () -> {
      refreshIds();
      return componentIds;
    });
    validatorVertx = Vertx.vertx();
    validator = ResponseValidator.create(validatorVertx, Contract.load(validatorVertx).await().routing());
  }

  @AfterAll
  static void stop() throws SQLException {
    if (jdbc != null) {
      jdbc.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (validatorVertx != null) {
      validatorVertx.close().await();
    }
    if (logs != null) {
      logs.close();
    }
    Logger.getLogger("").setLevel(Level.WARNING);
  }

  /** One request to send and what may come back; {@code expected} null means any status the operation declares. */
  record Case(String label, FuzzContract.Operation op, String method, String target, List<String[]> headers,
              byte[] body, Set<Integer> expected) {

    boolean write() {
      return !method.equals("GET") && !method.equals("HEAD");
    }

    @Override
    public String toString() {
      return label + " " + method + " " + target + (body == null ? "" : " body="
        + shorten(new String(body, StandardCharsets.UTF_8), 300));
    }
  }

  @Test
  @Order(1)
  void everyOperationAnswersEveryMutationDeliberately() {
    fixtures();
    for (FuzzContract.Operation op : contract.operations) {
      for (int i = 0; i < CASES_PER_OPERATION; i++) {
        run(generate(op, i));
      }
    }
    contract.paths.forEach((path, methods) -> ALL_METHODS.stream().filter(m -> !methods.contains(m))
      .forEach(method -> run(new Case("method not in the contract", null, method,
        concrete(path, null), auth(true), null, Set.of(405)))));
    for (String page : List.of("/", "/subscribe", "/docs", "/openapi.yaml")) {
      run(new Case("page", null, "GET", page, List.of(), null, Set.of(200)));
      // The Subscribe form is POSTed to its page.
      run(new Case("method on a page", null, values.pick(page.equals("/subscribe") ? List.of("PUT", "DELETE", "PATCH")
        : List.of("POST", "PUT", "DELETE", "PATCH")), page, List.of(), null, Set.of(405)));
    }
    // The pages of the links in messages: a button, never a change, on GET; a token they lack is a 400.
    for (String page : List.of("/subscribe/confirm", "/subscribe/manage", "/subscribe/unsubscribe")) {
      run(new Case("link page without its token", null, "GET", page, List.of(), null, Set.of(400)));
      run(new Case("method on a link page", null, values.pick(List.of("PUT", "DELETE", "PATCH")), page, List.of(),
        null, Set.of(405)));
    }
    run(new Case("empty subscribe form", null, "POST", "/subscribe", List.of(), null, Set.of(400)));
    for (String path : List.of("/v1/nothing", "/api/v2/nothing.json", "/assets/nothing.css", "/nothing")) {
      run(new Case("unknown path", null, "GET", path, auth(true), null, Set.of(404)));
    }
    assertTrue(cases >= 2000, "only " + cases + " cases");
    report();
  }

  @Test
  @Order(2)
  void theHttpLayerAnswersWhatItCanParse() {
    String component = "/v1/pages/" + ids("/v1/pages").get(0) + "/components";
    Map<String, byte[]> raw = new LinkedHashMap<>();
    raw.put("version 0.9", ascii("GET / HTTP/0.9\r\nHost: x\r\n\r\n"));
    raw.put("version 2.0", ascii("GET /api/v2/status.json HTTP/2.0\r\nHost: x\r\n\r\n"));
    raw.put("version 9.9", ascii("POST " + component + " HTTP/9.9\r\nHost: x\r\n\r\n"));
    raw.put("no version", ascii("GET /\r\n\r\n"));
    raw.put("garbage", ascii("\u0001\u0002 nonsense\r\n\r\n"));
    raw.put("space in target", ascii("GET /a b/c HTTP/1.1\r\nHost: x\r\n\r\n"));
    raw.put("two content lengths", ascii("POST " + component + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
      + "Content-Length: 3\r\n\r\n{}"));
    raw.put("content length and chunked", ascii("POST " + component + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5"
      + "\r\nTransfer-Encoding: chunked\r\nAuthorization: OAuth " + KEY + "\r\n\r\n0\r\n\r\n"));
    raw.put("bad content length", ascii("POST " + component + " HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n"));
    raw.put("bad chunk size", ascii("POST " + component + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
      + "Content-Type: application/json\r\nAuthorization: OAuth " + KEY + "\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"));
    raw.put("request line too long", ascii("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    raw.put("header too long", ascii("GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(10_000) + "\r\n\r\n"));
    raw.put("header without colon", ascii("GET / HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n"));
    raw.put("absolute target", ascii("GET http://127.0.0.1/api/v2/status.json HTTP/1.1\r\nHost: x\r\n\r\n"));
    raw.put("asterisk target", ascii("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"));
    raw.put("NUL in target", ascii("GET /v1/pa\u0000ges HTTP/1.1\r\nHost: x\r\n\r\n"));
    raw.put("raw UTF-8 in target", "GET /v1/pagés HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    raw.forEach((label, request) -> {
      RawHttp.Response response = http.exchange(request);
      cases++;
      if (!response.answered()) {
        failures.add(label + ": no answer " + response.text());
      } else if (response.status() >= 500 && response.status() != 505) {
        failures.add(label + ": " + response);
      } else {
        checkBaseline(label, response);
        if (response.status() >= 400) {
          checkProblem(label, response);
        }
      }
    });
    assertEquals(505, http.exchange(raw.get("version 9.9")).status());
    assertEquals(505, http.exchange(raw.get("version 2.0")).status());
    assertEquals(400, http.exchange(raw.get("bad chunk size")).status());
    report();
  }

  @Test
  @Order(3)
  void noKeyReachesTheLogAndNoClientErrorLeavesAStackTrace() {
    List<LogRecord> lines = logs.records();
    for (LogRecord line : lines) {
      String text = logs.text(line);
      assertTrue(!text.contains(KEY) && !text.contains(WRONG_KEY), "a key in the log: " + text);
      assertTrue(line.getThrown() == null, "a stack trace in the log: " + text);
      assertTrue(!text.contains("\n"), "a log record of several lines: " + text);
      assertTrue(line.getLevel() != Level.SEVERE, "an error in the log: " + text);
    }
    assertTrue(lines.size() < 100, "the fuzz run logged " + lines.size() + " lines: "
      + logs.lines().subList(0, Math.min(20, lines.size())));
  }

  // Generation

  private Case generate(FuzzContract.Operation op, int n) {
    List<Function<FuzzContract.Operation, Case>> kinds = new ArrayList<>();
    kinds.add(this::validCase);
    kinds.add(this::validCase);
    if (op.hasBody()) {
      kinds.add(this::bodyCase);
      kinds.add(this::bodyCase);
      kinds.add(this::bodyCase);
      kinds.add(this::brokenBodyCase);
      kinds.add(this::contentTypeCase);
    } else {
      kinds.add(this::unexpectedBodyCase);
    }
    if (!op.in("path").isEmpty()) {
      kinds.add(this::pathCase);
      kinds.add(this::pathCase);
    }
    kinds.add(this::queryCase);
    if (op.secured()) {
      kinds.add(this::authCase);
    }
    if (!op.in("header").isEmpty()) {
      kinds.add(this::headerCase);
    }
    return values.pick(kinds).apply(op);
  }

  private Case validCase(FuzzContract.Operation op) {
    List<String[]> headers = new ArrayList<>(auth(op.secured()));
    for (FuzzContract.Param header : op.in("header")) {
      if (values.chance(0.3)) {
        headers.add(new String[] {header.name(), "fuzz-" + values.word(16)});
      }
    }
    byte[] body = null;
    String label = "valid";
    if (op.hasBody()) {
      JsonObject json = (JsonObject) values.valid(op.bodySchema(), null);
      String form = values.chance(0.3) ? toForm(json, "") : null;
      if (form != null) {
        label = "valid form";
        headers.add(new String[] {"Content-Type", values.pick(List.of("application/x-www-form-urlencoded",
          "application/x-www-form-urlencoded; charset=UTF-8"))});
        body = form.getBytes(StandardCharsets.UTF_8);
      } else {
        headers.add(new String[] {"Content-Type", values.pick(List.of("application/json",
          "application/json; charset=utf-8", "Application/JSON", "application/json;charset=\"UTF-8\""))});
        body = json.toBuffer().getBytes();
      }
    }
    return new Case(label, op, op.method(), concrete(op.path(), op) + query(op, null), headers, body, null);
  }

  private Case bodyCase(FuzzContract.Operation op) {
    JsonObject json = (JsonObject) values.valid(op.bodySchema(), null);
    List<Node> nodes = objects(json, contract.resolve(op.bodySchema()), "");
    Node node = values.pick(nodes);
    JsonObject properties = node.schema().getJsonObject("properties", new JsonObject());
    List<String> names = new ArrayList<>(properties.fieldNames());
    String label;
    Set<Integer> expected = Set.of(400);
    String text = null;
    switch (values.random().nextInt(9)) {
      case 0 -> {
        List<String> required = node.schema().getJsonArray("required", new JsonArray()).stream()
          .map(String::valueOf).toList();
        if (required.isEmpty()) {
          return validCase(op);
        }
        String name = values.pick(required);
        node.json().remove(name);
        label = "missing " + node.path() + name;
      }
      case 1 -> {
        Object additional = node.schema().getValue("additionalProperties");
        if (additional instanceof JsonObject valueSchema) {
          // A map (component id -> status): any key, each value as the schema says.
          node.json().put("zz_" + values.word(5), values.valid(valueSchema, null));
          label = "new key in map " + node.path();
          expected = null;
        } else {
          node.json().put("zz_" + values.word(5), values.valid(new JsonObject().put("type", "string"), null));
          label = "unknown field in " + node.path();
          if (!Boolean.FALSE.equals(additional)) {
            expected = null;
          }
        }
      }
      case 2 -> {
        if (names.isEmpty()) {
          return validCase(op);
        }
        String name = values.pick(names);
        node.json().put(name, values.wrongType(properties.getJsonObject(name)));
        label = "wrong type of " + node.path() + name;
      }
      case 3 -> {
        String name = stringWithMax(properties);
        if (name == null) {
          return validCase(op);
        }
        node.json().put(name, "y".repeat(contract.resolve(properties.getJsonObject(name)).getInteger("maxLength") + 1));
        label = "too long " + node.path() + name;
      }
      case 4 -> {
        String name = anyString(properties);
        if (name == null) {
          return validCase(op);
        }
        String hostile = values.pick(FuzzValues.HOSTILE_TEXT);
        node.json().put(name, hostile);
        label = "hostile text in " + node.path() + name;
        expected = null;
      }
      case 5 -> {
        String name = anyString(properties);
        if (name == null) {
          return validCase(op);
        }
        node.json().put(name, "a" + (values.random().nextBoolean() ? "\u0000" : "") + "b");
        label = "NUL or plain text in " + node.path() + name;
        expected = node.json().getString(name).indexOf('\0') >= 0 ? Set.of(400) : null;
      }
      case 6 -> {
        String name = anyString(properties);
        if (name == null) {
          return validCase(op);
        }
        node.json().put(name, "SURROGATE");
        text = json.encode().replace("SURROGATE", values.pick(List.of("\\ud800", "\\udfff x", "a\\ud83d")));
        label = "unpaired surrogate in " + node.path() + name;
      }
      case 7 -> {
        int depth = values.pick(List.of(40, 200, 5000));
        boolean arrays = values.random().nextBoolean();
        String nested = (arrays ? "[" : "{\"a\":").repeat(depth) + "\"deep\"" + (arrays ? "]" : "}").repeat(depth);
        String name = names.isEmpty() ? "zz" : values.pick(names);
        label = "nested " + depth + " deep at " + node.path() + name;
        text = json.put(name, "NESTED").encode().replace("\"NESTED\"", nested);
      }
      default -> {
        int size = values.chance(0.5) ? BODY_LIMIT - 200 : BODY_LIMIT + 1 + values.random().nextInt(50_000);
        String name = anyString(properties);
        if (name == null) {
          return validCase(op);
        }
        node.json().put(name, "z");
        String base = json.encode();
        text = base.replace("\"z\"", "\"z\"" + " ".repeat(Math.max(0, size - base.length())));
        label = "body of " + text.length() + " bytes";
        expected = text.length() > BODY_LIMIT ? Set.of(413) : null;
      }
    }
    byte[] body = (text != null ? text : json.encode()).getBytes(StandardCharsets.UTF_8);
    List<String[]> headers = new ArrayList<>(auth(op.secured()));
    headers.add(new String[] {"Content-Type", "application/json"});
    return new Case(label, op, op.method(), concrete(op.path(), op), headers, body, expected);
  }

  private Case brokenBodyCase(FuzzContract.Operation op) {
    String valid = ((JsonObject) values.valid(op.bodySchema(), null)).encode();
    Map<String, byte[]> broken = new LinkedHashMap<>();
    broken.put("truncated JSON", utf8(valid.substring(0, Math.max(1, values.random().nextInt(valid.length())))));
    broken.put("comment in JSON", utf8(valid.replaceFirst("\\{", "{/* c */")));
    broken.put("trailing comma", utf8(valid.replaceFirst("}$", ",}")));
    broken.put("single quotes", utf8(valid.replace('"', '\'')));
    broken.put("unquoted names", utf8(valid.replaceAll("\"([a-z_]+)\":", "$1:")));
    broken.put("duplicate names", utf8(valid.replaceFirst("\\{", "{\"dup\":1,\"dup\":2,")));
    broken.put("trailing text", utf8(valid + " x"));
    broken.put("two documents", utf8(valid + valid));
    broken.put("NaN", utf8(valid.replaceFirst("\\{", "{\"n\":NaN,")));
    broken.put("array root", utf8("[" + valid + "]"));
    broken.put("string root", utf8("\"text\""));
    broken.put("number root", utf8("42"));
    broken.put("null root", utf8("null"));
    broken.put("empty body", new byte[0]);
    broken.put("blank body", utf8("   \n"));
    broken.put("malformed UTF-8", join(utf8(valid.substring(0, valid.length() - 2)), new byte[] {(byte) 0xC3,
      0x28, '"', '}'}));
    broken.put("overlong UTF-8", join(utf8("{\"a\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF, '"', '}'}));
    broken.put("Latin-1 bytes", "{\"component\":{\"name\":\"Caf\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1));
    List<String> forms = List.of("component=x&component[name]=y", "component[name]=a&component[name][x]=b", "=a",
      "%zz=1", "a[b=1", "a[]][=1", "component[name]=%", "component[name]=%E9", "a&&&=&", "[]=x",
      "component[components][][x]=1", "x[" + "[".repeat(50) + "]=1");
    // A mutation that finds nothing to change (no names to unquote in {}, say) leaves a valid body: not a case.
    broken.values().removeIf(bytes -> java.util.Arrays.equals(bytes, utf8(valid)));
    String label = values.pick(new ArrayList<>(broken.keySet()));
    byte[] body = broken.get(label);
    String type = "application/json";
    Set<Integer> expected = Set.of(400);
    if (values.chance(0.35)) {
      label = "broken form " + values.pick(forms);
      body = utf8(label.substring("broken form ".length()));
      type = "application/x-www-form-urlencoded";
    }
    List<String[]> headers = new ArrayList<>(auth(op.secured()));
    headers.add(new String[] {"Content-Type", type});
    return new Case(label, op, op.method(), concrete(op.path(), op), headers, body, expected);
  }

  private Case contentTypeCase(FuzzContract.Operation op) {
    byte[] body = ((JsonObject) values.valid(op.bodySchema(), null)).toBuffer().getBytes();
    String type = values.pick(List.of("", "text/plain", "application/json, text/plain", "application/xml",
      "application/json; charset=latin1", "application/json; charset=utf-16", "multipart/form-data; boundary=x",
      "application/jsonx", "json", ";;;", "application/*", "*/*"));
    List<String[]> headers = new ArrayList<>(auth(op.secured()));
    if (!type.isEmpty()) {
      headers.add(new String[] {"Content-Type", type});
    }
    return new Case("content type '" + type + "'", op, op.method(), concrete(op.path(), op), headers, body,
      Set.of(415));
  }

  private Case unexpectedBodyCase(FuzzContract.Operation op) {
    List<String[]> headers = new ArrayList<>(auth(op.secured()));
    String form = values.pick(List.of("component=x&component[name]=y", "%zz=1", "=a", "{\"broken\":", "api_key=" + KEY));
    headers.add(new String[] {"Content-Type", values.pick(List.of("application/x-www-form-urlencoded",
      "application/json", "text/plain"))});
    return new Case("a body where none is taken", op, op.method(), concrete(op.path(), op), headers, utf8(form), null);
  }

  private Case pathCase(FuzzContract.Operation op) {
    FuzzContract.Param param = values.pick(op.in("path"));
    Map<String, Set<Integer>> segments = new LinkedHashMap<>();
    for (String dots : List.of("..", ".", "%2e%2e", "%2E", ".%2e", "%2e.")) {
      segments.put(dots, Set.of(400));
    }
    for (String slash : List.of("a%2Fb", "a%2fb", "a%5Cb", "%2F")) {
      segments.put(slash, Set.of(400));
    }
    for (String escape : List.of("%00", "%zz", "%", "%4", "%C3%28", "%FF", "a%0Ab", "%7F")) {
      segments.put(escape, Set.of(400));
    }
    segments.put("a".repeat(65), Set.of(400));
    for (String literal : List.of("%22" + firstId(op, param) + "%22", "-1", "1e5", "true", "null", "%5B1%5D",
      "%7B%7D", "%F0%9F%98%80", "a%20b", "a+b", "%3Cscript%3E", "x;y=z")) {
      segments.put(literal, Set.of(404));
    }
    segments.put(firstId(op, param) + ".json.json", Set.of(404));
    String segment = values.pick(new ArrayList<>(segments.keySet()));
    String target = concrete(op.path(), param.name(), segment);
    List<String[]> headers = new ArrayList<>(auth(op.secured()));
    byte[] body = null;
    if (op.hasBody()) {
      headers.add(new String[] {"Content-Type", "application/json"});
      body = ((JsonObject) values.valid(op.bodySchema(), null)).toBuffer().getBytes();
    }
    Set<Integer> expected = segments.get(segment);
    return new Case("path " + param.name() + "=" + segment, op, op.method(), target, headers, body,
      expected.contains(404) ? Set.of(404, 422) : expected);
  }

  private Case queryCase(FuzzContract.Operation op) {
    List<FuzzContract.Param> params = op.in("query");
    String extra;
    Set<Integer> expected = Set.of(400);
    if (!params.isEmpty() && values.chance(0.7)) {
      FuzzContract.Param param = values.pick(params);
      JsonObject schema = param.schema();
      // Text takes any well-formed value; only bad escapes and overlong ones are wrong. Numbers are stricter.
      boolean text = "string".equals(schema.getString("type"));
      List<String> bad = new ArrayList<>(text ? List.of("%", "%zz", "%C3%28") : List.of("%", "%zz", "%C3%28", "abc",
        "", "1.5", "+1", "%201", "1%20", "99999999999999999999", "0x10", "1e2"));
      if (text && schema.containsKey("maxLength")) {
        bad.add("q".repeat(schema.getInteger("maxLength") + 1));
      }
      if (schema.containsKey("minimum")) {
        bad.add(String.valueOf(schema.getLong("minimum") - 1));
      }
      if (schema.containsKey("maximum")) {
        bad.add(String.valueOf(schema.getLong("maximum") + 1));
      }
      String value = values.pick(bad);
      extra = values.chance(0.2) ? param.name() + "=1&" + param.name() + "=1" : param.name() + "=" + value;
    } else {
      extra = values.pick(List.of("zz=1", "zz=%", "zz=%zz", "api_key=%zz", "%zz=1", "zz=%00", "=1", "&&",
        "zz=" + "q".repeat(3000)));
      expected = extra.contains("%zz") || extra.endsWith("=%") || extra.contains("%00") ? Set.of(400) : null;
    }
    String target = concrete(op.path(), op) + "?" + extra;
    List<String[]> headers = new ArrayList<>(auth(op.secured()));
    byte[] body = null;
    if (op.hasBody()) {
      headers.add(new String[] {"Content-Type", "application/json"});
      body = ((JsonObject) values.valid(op.bodySchema(), null)).toBuffer().getBytes();
    }
    return new Case("query " + shorten(extra, 40), op, op.method(), target, headers, body, expected);
  }

  /** A header parameter the contract declares, with a value its schema refuses (or an odd one it allows). */
  private Case headerCase(FuzzContract.Operation op) {
    FuzzContract.Param header = values.pick(op.in("header"));
    // What the schema refuses is a 400; a header without limits (If-None-Match) may be ignored, as HTTP has it.
    Map<String, Set<Integer>> bad = new LinkedHashMap<>();
    Integer max = header.schema().getInteger("maxLength");
    bad.put("k".repeat(max == null ? 300 : max + 1), max == null ? null : Set.of(400));
    boolean pattern = header.schema().containsKey("pattern");
    bad.put("caf\u00e9", pattern ? Set.of(400) : null);
    bad.put("a\u0001b", Set.of(400));
    bad.put("\"quoted\" key", null);
    bad.put("key with spaces", null);
    String value = values.pick(new ArrayList<>(bad.keySet()));
    List<String[]> headers = new ArrayList<>(auth(op.secured()));
    headers.add(new String[] {header.name(), value});
    byte[] body = null;
    if (op.hasBody()) {
      headers.add(new String[] {"Content-Type", "application/json"});
      body = ((JsonObject) values.valid(op.bodySchema(), null)).toBuffer().getBytes();
    }
    return new Case("header " + header.name() + "=" + shorten(value, 20), op, op.method(), concrete(op.path(), op),
      headers, body, bad.get(value));
  }

  private Case authCase(FuzzContract.Operation op) {
    Map<String, String[]> variants = new LinkedHashMap<>();
    variants.put("no key", null);
    variants.put("wrong key", new String[] {"Authorization", "OAuth " + WRONG_KEY});
    variants.put("bare key", new String[] {"Authorization", KEY});
    variants.put("basic", new String[] {"Authorization", "Basic dXNlcjpwYXNz"});
    variants.put("empty scheme value", new String[] {"Authorization", "OAuth "});
    variants.put("unknown scheme", new String[] {"Authorization", "Token " + KEY});
    variants.put("key with text after", new String[] {"Authorization", "OAuth " + KEY + " x"});
    variants.put("wrong query key", null);
    String label = values.pick(new ArrayList<>(variants.keySet()));
    List<String[]> headers = new ArrayList<>();
    if (variants.get(label) != null) {
      headers.add(variants.get(label));
    }
    String target = concrete(op.path(), op) + (label.equals("wrong query key") ? "?api_key=" + WRONG_KEY : "");
    byte[] body = null;
    if (op.hasBody()) {
      headers.add(new String[] {"Content-Type", "application/json"});
      body = ((JsonObject) values.valid(op.bodySchema(), null)).toBuffer().getBytes();
    }
    return new Case("auth: " + label, op, op.method(), target, headers, body, Set.of(401));
  }

  // Running and checking

  private void run(Case c) {
    cases++;
    String before = c.write() ? fingerprint() : null;
    RawHttp.Response response = http.exchange(RawHttp.request(c.method(), c.target(), c.headers(), c.body()));
    if (!response.answered()) {
      failures.add(c + ": no answer " + response.text());
      return;
    }
    if (response.status() >= 500) {
      failures.add(c + ": " + response);
      return;
    }
    checkBaseline(c.toString(), response);
    if (response.status() >= 400) {
      checkProblem(c.toString(), response);
    }
    if (c.expected() != null && !c.expected().contains(response.status())) {
      failures.add(c + ": expected " + c.expected() + " but got " + response);
    }
    if (c.op() != null) {
      if (!c.op().statuses().contains(response.status())) {
        failures.add(c + ": status " + response.status() + " is not documented for " + c.op() + ": " + response);
      } else if (response.status() < 400) {
        // Problems are checked above, field by field; the schema check is for what succeeded.
        checkSchema(c, response);
      }
    } else if (response.status() == 405) {
      String allow = response.header("Allow");
      Set<String> declared = contract.paths.get(template(c.target()));
      if (allow == null || declared != null && !Set.of(allow.split(",\\s*")).equals(declared)) {
        failures.add(c + ": Allow " + allow + " but the contract has " + declared);
      }
    }
    if (c.write() && response.status() < 300) {
      idsStale = true;
    }
    if (c.write() && response.status() >= 400 && !before.equals(fingerprint())) {
      failures.add(c + ": a rejected request (" + response.status() + ") changed stored data");
    }
  }

  private static void checkBaseline(String label, RawHttp.Response response) {
    if (!"nosniff".equals(response.header("X-Content-Type-Options")) || response.header("Referrer-Policy") == null
      || response.header("Content-Security-Policy") == null
      || !response.header("Content-Security-Policy").contains("frame-ancestors 'none'")) {
      failures.add(label + ": the security headers are missing: " + response.headers());
    }
  }

  private static void checkProblem(String label, RawHttp.Response response) {
    String type = response.header("Content-Type");
    if (type == null || !type.startsWith("application/problem+json")) {
      failures.add(label + ": an error that is not problem JSON: " + response);
      return;
    }
    try {
      JsonObject problem = new JsonObject(response.text());
      if (problem.getInteger("status", 0) != response.status() || problem.getString("title") == null
        || problem.getString("detail") == null) {
        failures.add(label + ": an incomplete problem: " + response);
      }
    } catch (DecodeException | ClassCastException e) {
      failures.add(label + ": problem JSON that does not parse: " + response);
    }
  }

  /** The body against the schema the contract declares for this operation and status. */
  private static void checkSchema(Case c, RawHttp.Response response) {
    // The validator reads a header value as JSON when it can and fails on text such as OAuth realm="x": hand it
    // text as a JSON string, so that it checks the value the client saw.
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    response.headers().forEach((name, list) -> headers.put(name,
      list.get(0).matches("-?\\d+") ? list.get(0) : io.vertx.core.json.Json.encode(list.get(0))));
    String type = response.header("Content-Type");
    String mediaType = type == null || response.body().length == 0 ? null : "application/json";
    try {
      validator.validate(ValidatableResponse.create(response.status(), headers,
        response.body().length == 0 ? null : Buffer.buffer(response.body()), mediaType), c.op().id()).await();
    } catch (RuntimeException e) {
      failures.add(c + ": the body does not match the contract (" + e.getMessage() + "): " + response);
    }
  }

  /** Fails with the failures grouped by kind (the case label), one example each. */
  private static void report() {
    if (!failures.isEmpty()) {
      Map<String, List<String>> byKind = new TreeMap<>();
      failures.forEach(f -> byKind.computeIfAbsent(f.split(" (GET|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|FOO) ", 2)[0],
        k -> new ArrayList<>()).add(f));
      int total = failures.size();
      failures.clear();
      StringBuilder out = new StringBuilder(total + " of " + cases + " cases failed (seed " + SEED + "):");
      byKind.forEach((kind, list) -> out.append("\n  ").append(list.size()).append("x ")
        .append(shorten(list.get(0), 600)));
      throw new AssertionError(out.toString());
    }
  }

  // Fixtures, ids and what is stored

  private void fixtures() {
    String page = "/v1/pages/" + ids("/v1/pages").get(0);
    for (String name : List.of("Platform HTTPS", "Platform Database", "Platform API", "Platform Queue")) {
      send("POST", page + "/components", "{\"component\":{\"name\":\"" + name + "\"}}");
    }
    idsStale = true;
    refreshIds();
    send("POST", page + "/component-groups", "{\"component_group\":{\"name\":\"Core\",\"components\":[\""
      + componentIds.get(0) + "\",\"" + componentIds.get(1) + "\"]}}");
    idsStale = true;
  }

  /** Every id the management API lists now: components, groups and the page; only after a write changed them. */
  private static void refreshIds() {
    if (!idsStale) {
      return;
    }
    idsStale = false;
    idCache.clear();
    List<String> components = new ArrayList<>();
    List<String> known = new ArrayList<>();
    for (String page : ids("/v1/pages")) {
      known.add(page);
      for (String collection : List.of("/components", "/component-groups")) {
        for (int n = 1; ; n++) {
          JsonArray items = new JsonArray(get("/v1/pages/" + page + collection + "?per_page=100&page=" + n));
          items.forEach(item -> {
            known.add(((JsonObject) item).getString("id"));
            if (collection.equals("/components")) {
              components.add(((JsonObject) item).getString("id"));
            }
          });
          if (items.size() < 100) {
            break;
          }
        }
      }
    }
    componentIds = components;
    knownIds = known;
  }

  /**
   * A digest of every row of every service's schema (history and outbox included), so that "a rejected request
   * changed nothing" covers tables a later service adds.
   */
  private static String fingerprint() {
    try {
      if (fingerprintSql == null) {
        jdbc = DriverManager.getConnection(Database.jdbcUrl(db), db.getUser(), db.getPassword());
        List<String> tables = new ArrayList<>();
        // Delivery runs after commit, whenever it runs: a relay's positions (outbox_consumer) and the events a
        // consumer has taken (received_event) move without a request, as published_at does. A keyed request's answer,
        // a 4xx included, is kept by design (idempotency_key): that is how its retry is answered.
        try (Statement statement = jdbc.createStatement(); ResultSet rs = statement.executeQuery(
          "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            + "AND table_schema NOT IN ('pg_catalog', 'information_schema', 'public') "
            + "AND table_name NOT IN ('flyway_schema_history', 'outbox_consumer', 'received_event', 'idempotency_key') "
            + "ORDER BY 1, 2")) {
          while (rs.next()) {
            tables.add("\"" + rs.getString(1) + "\".\"" + rs.getString(2) + "\"");
          }
        }
        // An outbox row is marked published by the relay whenever it runs: what counts is which events exist.
        fingerprintSql = "SELECT md5(" + String.join(" || ", tables.stream().map(t -> "coalesce((SELECT string_agg("
          + (t.endsWith(".\"outbox\"") ? "x.event_id::text" : "x::text") + ", ',' ORDER BY x::text) FROM " + t
          + " x), '')").toList()) + ")";
      }
      try (Statement statement = jdbc.createStatement(); ResultSet rs = statement.executeQuery(fingerprintSql)) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the stored data", e);
    }
  }

  private static String get(String target) {
    RawHttp.Response response = http.exchange(RawHttp.request("GET", target,
      List.<String[]>of(new String[] {"Authorization", "OAuth " + KEY}), null));
    if (response.status() != 200) {
      throw new AssertionError("GET " + target + ": " + response);
    }
    return response.text();
  }

  private static void send(String method, String target, String json) {
    RawHttp.Response response = http.exchange(RawHttp.request(method, target, List.of(
      new String[] {"Authorization", "OAuth " + KEY}, new String[] {"Content-Type", "application/json"}), utf8(json)));
    if (response.status() >= 300) {
      throw new AssertionError(method + " " + target + ": " + response);
    }
  }

  /** The ids a collection lists (its items' {@code id}), cached until the next write. */
  private static List<String> ids(String collection) {
    refreshIds();
    return idCache.computeIfAbsent(collection, path -> {
      RawHttp.Response response = http.exchange(RawHttp.request("GET", path,
        List.<String[]>of(new String[] {"Authorization", "OAuth " + KEY}), null));
      List<String> out = new ArrayList<>();
      if (response.status() == 200 && response.text().startsWith("[")) {
        new JsonArray(response.text()).forEach(item -> out.add(((JsonObject) item).getString("id")));
      }
      return out;
    });
  }

  /** The path with real ids where they can be listed; a made-up one otherwise. */
  private String concrete(String path, FuzzContract.Operation op) {
    return concrete(path, null, null);
  }

  /** As {@link #concrete(String, FuzzContract.Operation)}, with {@code segment} in place of parameter {@code name}. */
  private String concrete(String path, String name, String segment) {
    StringBuilder out = new StringBuilder();
    for (String part : path.substring(1).split("/")) {
      if (part.equals("{" + name + "}")) {
        out.append('/').append(segment);
      } else if (part.startsWith("{")) {
        List<String> ids = ids(out.toString());
        out.append('/').append(ids.isEmpty() || values.chance(0.05) ? values.word(12) : values.pick(ids));
      } else {
        out.append('/').append(part);
      }
    }
    return out.toString();
  }

  /** A real id of the collection {@code param} is taken from, to disguise ({@code "id"}, {@code id.json.json}). */
  private String firstId(FuzzContract.Operation op, FuzzContract.Param param) {
    String prefix = op.path().substring(0, op.path().indexOf("{" + param.name() + "}") - 1);
    List<String> ids = ids(concrete(prefix, op));
    return ids.isEmpty() ? "abc" : ids.get(0);
  }

  /** The template a concrete target stands for, by matching segment counts and literals. */
  /** The contract's path for {@code target}: concrete paths before templated ones, as OpenAPI matches them. */
  private static String template(String target) {
    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    String[] segments = path.substring(1).split("/");
    String best = null;
    long bestParameters = Long.MAX_VALUE;
    for (String template : contract.paths.keySet()) {
      String[] parts = template.substring(1).split("/");
      if (parts.length != segments.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < parts.length && match; i++) {
        match = parts[i].startsWith("{") || parts[i].equals(segments[i]);
      }
      long parameters = java.util.Arrays.stream(parts).filter(p -> p.startsWith("{")).count();
      if (match && parameters < bestParameters) {
        best = template;
        bestParameters = parameters;
      }
    }
    return best;
  }

  private String query(FuzzContract.Operation op, String extra) {
    List<String> pairs = new ArrayList<>();
    for (FuzzContract.Param param : op.in("query")) {
      if (values.chance(0.5)) {
        pairs.add(param.name() + "=" + values.valid(param.schema(), param.name()));
      }
    }
    if (extra != null) {
      pairs.add(extra);
    }
    return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
  }

  private List<String[]> auth(boolean secured) {
    if (!secured) {
      return values.chance(0.2) ? List.<String[]>of(new String[] {"Authorization", "OAuth " + WRONG_KEY}) : List.of();
    }
    return List.<String[]>of(values.pick(List.of(
      new String[] {"Authorization", "OAuth " + KEY},
      new String[] {"Authorization", "Bearer " + KEY},
      new String[] {"Authorization", "oauth " + KEY},
      new String[] {"Authorization", "BEARER  " + KEY})));
  }

  /** An object of a body and its schema, with the dotted path to it. */
  private record Node(JsonObject json, JsonObject schema, String path) {
  }

  private List<Node> objects(JsonObject json, JsonObject schema, String path) {
    List<Node> out = new ArrayList<>();
    out.add(new Node(json, schema, path));
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (String name : json.fieldNames()) {
      if (json.getValue(name) instanceof JsonObject child && properties.containsKey(name)) {
        out.addAll(objects(child, contract.resolve(properties.getJsonObject(name)), path + name + "."));
      }
    }
    return out;
  }

  private String stringWithMax(JsonObject properties) {
    List<String> names = properties.fieldNames().stream()
      .filter(n -> values.types(contract.resolve(properties.getJsonObject(n))).contains("string")
        && contract.resolve(properties.getJsonObject(n)).containsKey("maxLength"))
      .toList();
    return names.isEmpty() ? null : values.pick(names);
  }

  private String anyString(JsonObject properties) {
    List<String> names = properties.fieldNames().stream()
      .filter(n -> values.types(contract.resolve(properties.getJsonObject(n))).contains("string")
        && !contract.resolve(properties.getJsonObject(n)).containsKey("enum")
        && !contract.resolve(properties.getJsonObject(n)).containsKey("format"))
      .toList();
    return names.isEmpty() ? null : values.pick(names);
  }

  /** Rails bracket form of {@code json}, or null when it holds what a form cannot say (nulls, lists of objects). */
  private static String toForm(JsonObject json, String prefix) {
    List<String> pairs = new ArrayList<>();
    for (String name : json.fieldNames()) {
      String key = prefix.isEmpty() ? name : prefix + "[" + name + "]";
      Object value = json.getValue(name);
      if (value == null) {
        return null;
      } else if (value instanceof JsonObject object) {
        String nested = toForm(object, key);
        if (nested == null) {
          return null;
        }
        pairs.add(nested);
      } else if (value instanceof JsonArray array) {
        for (Object item : array) {
          if (item == null || item instanceof JsonObject || item instanceof JsonArray) {
            return null;
          }
          pairs.add(encode(key) + "[]=" + encode(String.valueOf(item)));
        }
      } else {
        pairs.add(encode(key) + "=" + encode(String.valueOf(value)));
      }
    }
    return String.join("&", pairs);
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] join(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
