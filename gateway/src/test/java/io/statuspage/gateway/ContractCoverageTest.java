package io.statuspage.gateway;

import io.statuspage.gateway.api.ManagementApi;
import io.statuspage.gateway.api.PublicApi;

import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The contract is the truth: every operation in it has a handler, and every handler serves an operation in it. */
class ContractCoverageTest {

  @Test
  void everyOperationHasAHandlerAndEveryHandlerIsInTheContract() {
    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract contract = Contract.load(vertx).await().routing();
      Set<String> inContract = contract.operations().stream().map(Operation::getOperationId)
        .collect(Collectors.toCollection(TreeSet::new));
      Set<String> handled = new TreeSet<>(PublicApi.OPERATIONS.keySet());
      ManagementApi.OPERATIONS.forEach(op -> handled.add(op.operationId()));
      assertEquals(inContract, handled);
    } finally {
      vertx.close().await();
    }
  }
}
