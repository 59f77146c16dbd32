package com.example.consumer;

import dev.vitp.api.Vitp;
import dev.vitp.spi.ComponentKind;
import java.util.List;

/** What a team's code does first with vitp: start it and see which backends it found. */
public final class Backbones {
  private Backbones() {}

  public static List<String> backends() {
    return Vitp.create().componentNames(ComponentKind.BACKEND);
  }
}
