package io.statuspage.runtime;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdsTest {

  @Test
  void idsLookLikeStatuspagesAndDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Ids.newId();
      assertTrue(id.matches("[0-9a-z]{12}"), id);
      seen.add(id);
    }
    assertEquals(10_000, seen.size());
  }
}
