package io.statuspage.uptime;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Outage;
import io.statuspage.runtime.ServiceVerticle;
import io.statuspage.schedule.Schedule;
import io.statuspage.uptime.pingdom.Pingdom;
import io.statuspage.write.HandledRequests;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * uptime-collector: schema {@code uptime}; answers the metrics-provider actions of {@link Services.Uptime} and polls
 * Pingdom from the durable schedule. Configuration: {@code pingdom.api.url} (default Pingdom's), {@code pingdom.token}
 * (used by providers without their own), {@code pingdom.poll.interval} (5m), {@code pingdom.backfill.days} (90),
 * {@code pingdom.auth.retry} (1h), {@code pingdom.missing.retry} (1h), {@code uptime.history.interval} (5m: how often
 * the status history's daily figures are worked out again, {@link HistoryUptime}); probes: {@code probe.concurrency}
 * (4 probes run at once per collector), {@code probe.schedule.poll} (5s), {@code probe.run} (true; false runs none
 * here); {@code uptime.deleted.interval} (15m: how often components deleted while no collector heard of it are looked
 * for, {@link DeletedComponents}). Answers the gateways' snapshot with an {@link io.statuspage.bus.messages.UptimePart} ({@link UptimeSnapshot}).
 */
public final class UptimeCollectorVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(UptimeCollectorVerticle.class);
  private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

  private final Clock clock;

  public UptimeCollectorVerticle(Config config, Health health) {
    this(config, health, Clock.systemUTC());
  }

  public UptimeCollectorVerticle(Config config, Health health, Clock clock) {
    super(config, health, Spec.of("uptime-collector", "uptime", Services.Uptime.ADDRESS)
      .withOutbox(Services.Uptime.EVENTS));
    this.clock = clock;
  }

  @Override
  protected Future<?> wire() {
    Config config = configuration();
    UptimeRepository repository = new UptimeRepository();
    Pages pages = new Pages(vertx);
    PingdomPoller poller = new PingdomPoller(Pingdom.create(vertx, config.get("pingdom.api.url", Pingdom.DEFAULT_URL),
      clock), repository, pool(), pages, clock, new PingdomPoller.Settings(config.get("pingdom.token").orElse(null),
      config.getDuration("pingdom.poll.interval", Duration.ofMinutes(5)), config.getInt("pingdom.backfill.days", 90),
      config.getDuration("pingdom.auth.retry", Duration.ofHours(1)),
      config.getDuration("pingdom.missing.retry", Duration.ofHours(1))));
    // A poll is a few requests, paced by Pingdom's windows: a generous lease for a batch of them.
    Schedule schedule = Schedule.create(vertx, pool(), clock, new Schedule.Options().setBatch(10)
      .setLease(Duration.ofMinutes(5)).setBackoff(Duration.ofSeconds(30), Duration.ofMinutes(15))
      .setPollInterval(config.getDuration("pingdom.schedule.poll", Duration.ofSeconds(10))))
      .on(PingdomPoller.KIND, poller::poll);
    HistoryUptime history = new HistoryUptime(pages, repository, pool(), clock,
      config.getDuration("uptime.history.interval", Duration.ofMinutes(5)));
    schedule.on(HistoryUptime.KIND, history::run);
    onStop(schedule::stop);
    MetricsService metrics = new MetricsService(repository, pool(), outbox(), clock, pages, schedule);
    // The schedule runs a batch's handlers one after the other: probe.concurrency schedules of one probe each run
    // that many probes at once, each claim's lease covering the longest timeout (30 s) with a margin.
    List<Schedule> probeSchedules = new ArrayList<>();
    ProbesService probes = new ProbesService(repository, pool(), outbox(), clock, pages,
      () -> probeSchedules.forEach(Schedule::kick), Prober.create(vertx), new Results(repository, pool(), pages, new Incidents(vertx), clock));
    // probe.run=false: probes are kept and results accepted, but this collector runs none (tests, closed networks).
    int concurrency = config.getBoolean("probe.run", true) ? config.getInt("probe.concurrency", 4) : 0;
    if (concurrency < 0 || concurrency > 64) {
      throw new IllegalArgumentException("Configuration probe.concurrency must be from 1 to 64: " + concurrency);
    }
    for (int i = 0; i < concurrency; i++) {
      Schedule probeSchedule = Schedule.create(vertx, pool(), clock, new Schedule.Options().setBatch(1)
        .setLease(Duration.ofSeconds(60)).setBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5))
        .setPollInterval(config.getDuration("probe.schedule.poll", Duration.ofSeconds(5))))
        .on(ProbesService.KIND, probes::run);
      probeSchedules.add(probeSchedule);
      onStop(probeSchedule::stop);
    }
    DeletedComponents deleted = new DeletedComponents(repository, pool(), outbox(), pages, clock,
      config.getDuration("uptime.deleted.interval", Duration.ofMinutes(15)));
    schedule.on(DeletedComponents.KIND, deleted::sweep);
    vertx.eventBus().<JsonObject>consumer(Services.Component.EVENTS, message -> deleted.onEvent(message.body()));
    UptimeSnapshot snapshot = new UptimeSnapshot(repository, pool(), clock);
    endpoint()
      .on(Services.Uptime.PROVIDER_LIST, r -> metrics.listProviders(r.body()))
      .on(Services.Uptime.PROVIDER_CREATE, r -> metrics.createProvider(r.body(), r.requestId()))
      .on(Services.Uptime.PROVIDER_GET, r -> metrics.getProvider(r.body()))
      .on(Services.Uptime.PROVIDER_UPDATE, r -> metrics.updateProvider(r.body()))
      .on(Services.Uptime.PROVIDER_DELETE, r -> metrics.deleteProvider(r.body()))
      .on(Services.Uptime.PROVIDER_METRICS, r -> metrics.providerMetrics(r.body()))
      .on(Services.Uptime.METRIC_CREATE, r -> metrics.createMetric(r.body(), r.requestId()))
      .on(Services.Uptime.METRIC_LIST, r -> metrics.listMetrics(r.body()))
      .on(Services.Uptime.PROBE_LIST, r -> probes.listProbes(r.body()))
      .on(Services.Uptime.PROBE_CREATE, r -> probes.createProbe(r.body(), r.requestId()))
      .on(Services.Uptime.PROBE_GET, r -> probes.getProbe(r.body()))
      .on(Services.Uptime.PROBE_UPDATE, r -> probes.updateProbe(r.body()))
      .on(Services.Uptime.PROBE_DELETE, r -> probes.deleteProbe(r.body()))
      .on(Services.Uptime.PROBE_RESULTS, r -> probes.probeResults(r.body()))
      .on(Services.Uptime.CHECK_RESULT_CREATE, r -> probes.postResult(r.body(), r.requestId()))
      .on(Services.Uptime.RULE_GET, r -> probes.getRule(r.body()))
      .on(Services.Uptime.RULE_PUT, r -> probes.putRule(r.body()))
      .on(Services.Uptime.RULE_DELETE, r -> probes.deleteRule(r.body()))
      .on(Services.Uptime.METRIC_GET, r -> metrics.getMetric(r.body()))
      .on(Services.Uptime.METRIC_DATA, r -> metrics.addData(r.body()))
      .on(Services.Uptime.METRIC_DATA_BULK, r -> metrics.addDataBulk(r.body()))
      .on(Services.Uptime.SNAPSHOT, r -> snapshot.snapshot(r.body()));
    periodic(PRUNE_INTERVAL, id -> HandledRequests.prune(pool(), Writer.now(clock))
      .compose(v -> repository.prunePoints(pool(), Writer.now(clock).minus(UptimeSnapshot.MONTH)))
      .onFailure(e -> LOG.warn("Could not prune handled requests or old points: {}", Outage.reason(e))));
    // First start (or metrics from before polling existed): backfill them now; the status history's figures and
    // the probes too. Components deleted while no collector listened are swept at once.
    return poller.scheduleUnpolled().compose(n -> history.scheduleFirst()).compose(n -> probes.scheduleUnscheduled())
      .compose(n -> deleted.sweepNow())
      .onSuccess(n -> {
        schedule.start();
        probeSchedules.forEach(Schedule::start);
      });
  }
}
