package io.statuspage.gateway.snapshot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.json.JsonObject;

/**
 * The last good snapshot on local disk ({@code snapshot.file}), so a gateway that restarts while the database or
 * the services are down still has a page to serve, marked stale, from its first second.
 */
final class SnapshotStore {

  private final Vertx vertx;
  private final String path;

  private SnapshotStore(Vertx vertx, String path) {
    this.vertx = vertx;
    this.path = path;
  }

  /** A store at {@code path}; a blank path keeps nothing. */
  static SnapshotStore file(Vertx vertx, String path) {
    return new SnapshotStore(vertx, path == null || path.isBlank() ? null : path);
  }

  /** The saved snapshot data, or null when there is none or it cannot be read. */
  Future<JsonObject> load() {
    if (path == null) {
      return Future.succeededFuture();
    }
    return vertx.fileSystem().exists(path)
      .compose(exists -> exists ? vertx.fileSystem().readFile(path).map(JsonObject::new) : Future.succeededFuture())
      .otherwiseEmpty();
  }

  /** Writes to a temporary file, then renames it over the old one: a crash never leaves half a file. */
  Future<Void> save(JsonObject data) {
    if (path == null) {
      return Future.succeededFuture();
    }
    String temporary = path + "." + ProcessHandle.current().pid() + ".tmp";
    java.nio.file.Path parent = java.nio.file.Path.of(path).toAbsolutePath().getParent();
    return vertx.fileSystem().mkdirs(parent.toString())
      .compose(v -> vertx.fileSystem().writeFile(temporary, data.toBuffer()))
      .compose(v -> vertx.fileSystem().move(temporary, path,
        new CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
  }
}
