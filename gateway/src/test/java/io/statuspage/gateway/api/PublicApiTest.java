package io.statuspage.gateway.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PublicApiTest {

  @Test
  void incidentAndHistoryPagesShareOneMetricSeriesEach() {
    assertEquals("/incidents/{id}", PublicApi.metricPath("/incidents/abc123def456"));
    assertEquals("/history/{month}", PublicApi.metricPath("/history/2026-08"));
    assertEquals("/history", PublicApi.metricPath("/history"));
    assertEquals("/history.atom", PublicApi.metricPath("/history.atom"));
    assertEquals("/api/v2/incidents.json", PublicApi.metricPath("/api/v2/incidents.json"));
  }
}
