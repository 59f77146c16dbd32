package dev.vitp.spi.nn;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * AdamW (Loshchilov &amp; Hutter) with decoupled weight decay, written on the backend contract so
 * it runs on every backend. Its moments are session parameters named {@code optimizer.m.<name>}
 * and {@code optimizer.v.<name>}, so checkpoints carry them and resume continues exactly.
 * Biases, norms, layer scales and position/class embeddings get no weight decay.
 */
public final class AdamW {
  /** Hyper-parameters; the learning rate comes from the schedule at each step. */
  public record Settings(float beta1, float beta2, float eps, float weightDecay) {
    public Settings {
      if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0 && weightDecay >= 0)) {
        throw VitpException.userError("Expected 0 <= beta1, beta2 < 1, eps > 0, weightDecay >= 0. "
            + "Received: beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps
            + ", weightDecay=" + weightDecay);
      }
    }

    /** PyTorch's betas and eps with the ViTP recipe's weight decay of 0.01. */
    public static Settings defaults() {
      return new Settings(0.9f, 0.999f, 1e-8f, 0.01f);
    }
  }

  /**
   * The learning-rate multiplier of each parameter, like PyTorch's per-group {@code lr}: layer-wise
   * decay in fine-tuning, a lower rate for the vision tower in pretraining.
   */
  @FunctionalInterface
  public interface LrScale {
    float of(Parameter parameter);

    /** Every parameter at the scheduled rate. */
    static LrScale uniform() {
      return p -> 1f;
    }
  }

  private record Slot(Parameter parameter, Parameter m, Parameter v, boolean decay,
      float lrScale) {}

  private final Settings settings;
  private final List<Slot> slots = new ArrayList<>();

  /** Creates (or, on resume, finds) the moment buffers of every parameter given. */
  public AdamW(BackendSession session, List<Parameter> parameters, Settings settings) {
    this(session, parameters, settings, LrScale.uniform());
  }

  /**
   * As {@link #AdamW(BackendSession, List, Settings)}, each parameter updated at {@code lr ×
   * lrScale.of(parameter)}; weight decay scales with it, as in PyTorch's parameter groups.
   */
  public AdamW(BackendSession session, List<Parameter> parameters, Settings settings,
      LrScale lrScale) {
    this.settings = settings;
    for (Parameter p : parameters) {
      float scale = lrScale.of(p);
      if (!(scale >= 0 && Float.isFinite(scale))) {
        throw VitpException.userError("Expected a finite learning-rate scale >= 0. Received: "
            + scale + " for " + p.name());
      }
      slots.add(new Slot(p, moment(session, "optimizer.m." + p.name(), p),
          moment(session, "optimizer.v." + p.name(), p), decays(p), scale));
    }
  }

  /** Whether weight decay applies: matrices only, not embeddings of positions or the CLS token. */
  public static boolean decays(Parameter p) {
    String n = p.name();
    return p.shape().rank() >= 2 && !n.contains("position") && !n.endsWith("class_embedding");
  }

  /**
   * The global L2 norm of every trainable gradient, computed on the backend (one host read).
   */
  public float gradientNorm(Step step) {
    var m = step.math();
    Tensor total = null;
    for (Slot s : slots) {
      Tensor g = s.parameter().trainable() ? step.gradient(s.parameter()) : null;
      if (g != null) {
        Tensor sq = m.sumAll(m.square(g));
        total = total == null ? sq : m.add(total, sq);
      }
    }
    return total == null ? 0f : (float) Math.sqrt(step.item(total));
  }

  /**
   * Applies one update. {@code gradScale} multiplies every gradient first (global-norm clipping);
   * {@code t} is the 1-based update count used for bias correction.
   */
  public void update(Step step, float lr, float gradScale, long t) {
    var m = step.math();
    float b1 = settings.beta1();
    float b2 = settings.beta2();
    float correction1 = (float) (1 - Math.pow(b1, t));
    float correction2 = (float) (1 - Math.pow(b2, t));
    for (Slot s : slots) {
      if (!s.parameter().trainable()) {
        continue;
      }
      @Nullable Tensor g = step.gradient(s.parameter());
      if (g == null) {
        continue;
      }
      if (gradScale != 1f) {
        g = m.mulScalar(g, gradScale);
      }
      Tensor mNew = m.add(m.mulScalar(step.use(s.m()), b1), m.mulScalar(g, 1 - b1));
      Tensor vNew = m.add(m.mulScalar(step.use(s.v()), b2), m.mulScalar(m.square(g), 1 - b2));
      step.assign(s.m(), mNew);
      step.assign(s.v(), vNew);
      Tensor denom = m.addScalar(m.sqrt(m.mulScalar(vNew, 1 / correction2)), settings.eps());
      Tensor direction = m.div(m.mulScalar(mNew, 1 / correction1), denom);
      Tensor p = step.use(s.parameter());
      float slotLr = lr * s.lrScale();
      float keep = s.decay() ? 1 - slotLr * settings.weightDecay() : 1f;
      Tensor decayed = keep == 1f ? p : m.mulScalar(p, keep);
      step.assign(s.parameter(), m.sub(decayed, m.mulScalar(direction, slotLr)));
    }
  }

  private static Parameter moment(BackendSession session, String name, Parameter like) {
    Parameter existing = session.findParameter(name);
    if (existing != null) {
      return existing;
    }
    return session.createParameter(name, like.shape(),
        Init.zeros().values(like.shape(), new java.util.SplittableRandom(0)), false);
  }
}
