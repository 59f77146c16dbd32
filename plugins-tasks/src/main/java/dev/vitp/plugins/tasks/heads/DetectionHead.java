package dev.vitp.plugins.tasks.heads;

import dev.vitp.plugins.tasks.metrics.DetectionMetrics;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.task.TaskBox;
import dev.vitp.spi.task.TaskHead;
import dev.vitp.spi.task.TaskInfo;
import dev.vitp.spi.task.TaskMetrics;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import java.util.ArrayList;
import java.util.List;

/**
 * An anchor-free dense detector in the style of CenterNet on the ViT's feature pyramid ({@link
 * FeatureNeck}, fused at {@code outScale} × the patch grid): a class heatmap trained with the
 * penalty-reduced focal loss, and per cell the centre offset and log size (L1 at the object's
 * centre); for oriented data also the angle as {@code (sin 2θ, cos 2θ)}. Decoding keeps 3×3 peaks,
 * then per-class NMS.
 */
final class DetectionHead implements TaskHead {
  /** Prior probability of an object at a cell: the heatmap bias starts at logit(0.1). */
  private static final float PRIOR_BIAS = -2.19f;

  private final TaskInfo info;
  private final DetectionHeadConfig config;
  private final TappedMaps tapped;
  private final FeatureNeck neck;
  private final Conv heatHidden;
  private final Conv heat;
  private final Conv regHidden;
  private final Conv reg;
  private final int regChannels;
  private final List<Parameter> parameters;

  DetectionHead(ParameterScope scope, Backbone backbone, TaskInfo info, DetectionHeadConfig config) {
    this.info = info;
    this.config = config;
    this.tapped = new TappedMaps(scope.child("tap_norm"), backbone);
    int n = config.channels();
    this.neck = new FeatureNeck(scope.child("neck"), tapped.count(), backbone.width(), n,
        config.outScale());
    this.regChannels = info.oriented() ? 6 : 4;
    this.heatHidden = Conv.of(scope.child("heatmap").child("hidden"), n, n, 3, 1, 1);
    this.heat = Conv.withBias(scope.child("heatmap").child("out"), n, info.numClasses(), 1,
        PRIOR_BIAS);
    this.regHidden = Conv.of(scope.child("regression").child("hidden"), n, n, 3, 1, 1);
    this.reg = Conv.of(scope.child("regression").child("out"), n, regChannels, 1, 1, 0);
    this.parameters = Heads.parametersUnder(scope);
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  /** Heatmap logits {@code [B, K, m, m]} and regression {@code [B, R, m, m]}. */
  private Tensor[] forward(Step step, Backbone backbone, List<TaskSample> batch) {
    Tensor f = neck.forward(step, tapped.forward(step, backbone, Maps.images(step, batch, 0)));
    var nn = step.nn();
    return new Tensor[] {heat.forward(step, nn.relu(heatHidden.forward(step, f))),
        reg.forward(step, nn.relu(regHidden.forward(step, f)))};
  }

  @Override
  public Tensor loss(Step step, Backbone backbone, List<TaskSample> batch) {
    var m = step.math();
    Tensor[] out = forward(step, backbone, batch);
    int cells = out[0].shape().dim(2);
    float stride = (float) batch.get(0).size() / cells;
    List<List<TaskBox>> boxes = new ArrayList<>();
    for (TaskSample s : batch) {
      boxes.add(s.boxes());
    }
    CenterNet.Targets t = CenterNet.encode(boxes, info.numClasses(), cells, stride,
        info.oriented());
    Shape heatShape = out[0].shape();
    // Penalty-reduced focal loss (α = 2, β = 4), normalised by the number of object centres.
    Tensor p = m.minimum(m.maximum(m.sigmoid(out[0]), step.scalar(1e-4f)), step.scalar(1 - 1e-4f));
    float[] pos = new float[t.heatmap().length];
    float[] negWeight = new float[pos.length];
    for (int i = 0; i < pos.length; i++) {
      float y = t.heatmap()[i];
      pos[i] = y == 1f ? 1f : 0f;
      float q = 1 - y;
      negWeight[i] = y == 1f ? 0f : q * q * q * q;
    }
    Tensor oneMinusP = m.addScalar(m.neg(p), 1);
    Tensor posLoss = m.sumAll(m.mul(m.mul(m.log(p), m.square(oneMinusP)),
        step.constant(pos, heatShape)));
    Tensor negLoss = m.sumAll(m.mul(m.mul(m.log(oneMinusP), m.square(p)),
        step.constant(negWeight, heatShape)));
    Tensor loss = m.mulScalar(m.add(posLoss, negLoss), -1f / Math.max(1, t.positives()));
    if (t.indices().length > 0) {
      int b = batch.size();
      Tensor flat = m.reshape(m.transpose(out[1], 0, 2, 3, 1), b * cells * cells, regChannels);
      Tensor at = m.gather(flat, 0, step.constantInts(t.indices(), Shape.of(t.indices().length)));
      Tensor target = step.constant(t.regression(), Shape.of(t.indices().length, regChannels));
      Tensor l1 = m.mulScalar(m.sumAll(m.abs(m.sub(at, target))), 1f / t.indices().length);
      loss = m.add(loss, l1);
    }
    return loss;
  }

  @Override
  public List<TaskPrediction> predict(Step step, Backbone backbone, List<TaskSample> batch) {
    Tensor[] out = forward(step, backbone, batch);
    int k = info.numClasses();
    int cells = out[0].shape().dim(2);
    int size = batch.get(0).size();
    float stride = (float) size / cells;
    float[] heat = CenterNet.sigmoid(step.toFloats(out[0]));
    float[] reg = step.toFloats(out[1]);
    int hm = k * cells * cells;
    int rm = regChannels * cells * cells;
    List<TaskPrediction> preds = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      float[] h = java.util.Arrays.copyOfRange(heat, i * hm, (i + 1) * hm);
      float[] r = java.util.Arrays.copyOfRange(reg, i * rm, (i + 1) * rm);
      preds.add(TaskPrediction.boxes(CenterNet.decode(h, r, k, cells, stride, size,
          info.oriented(), config.scoreThreshold(), config.maxDetections(), config.nmsIou())));
    }
    return preds;
  }

  @Override
  public TaskMetrics newMetrics() {
    return new DetectionMetrics(info.classes(), info.oriented());
  }
}
