package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.api.Vitp;
import dev.vitp.spi.ComponentKind;
import org.junit.jupiter.api.Test;

class BackbonesTest {
  @Test
  void vitpStartsWithThePluginsOnTheClassPath() {
    assertTrue(Backbones.backends().contains("jvm"), Backbones.backends().toString());
    assertTrue(Vitp.create().componentNames(ComponentKind.TASK_HEAD).contains("segmentation"));
  }
}
