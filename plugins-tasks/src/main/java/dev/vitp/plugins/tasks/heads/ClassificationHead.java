package dev.vitp.plugins.tasks.heads;

import dev.vitp.plugins.tasks.metrics.ClassificationMetrics;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.nn.LayerNorm;
import dev.vitp.spi.nn.Linear;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.task.TaskHead;
import dev.vitp.spi.task.TaskInfo;
import dev.vitp.spi.task.TaskMetrics;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import java.util.ArrayList;
import java.util.List;

/** CLS or mean-pooled tokens of the last block → layer norm → linear classifier. */
final class ClassificationHead implements TaskHead {
  private final TaskInfo info;
  private final boolean meanPool;
  private final LayerNorm norm;
  private final Linear fc;
  private final List<Parameter> parameters;

  ClassificationHead(ParameterScope scope, Backbone backbone, TaskInfo info, String pool) {
    this.info = info;
    this.meanPool = pool.equals("mean");
    this.norm = new LayerNorm(scope.child("norm"), backbone.width(), 1e-6f);
    this.fc = new Linear(scope.child("fc"), backbone.width(), info.numClasses(), true);
    this.parameters = Heads.parametersUnder(scope);
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  private Tensor logits(Step step, Backbone backbone, List<TaskSample> batch) {
    var m = step.math();
    Tensor tokens = backbone.forward(step, Maps.images(step, batch, 0), backbone.depth()).get(0);
    int b = batch.size();
    int c = backbone.width();
    Tensor pooled = meanPool
        ? m.mean(m.slice(tokens, 1, 1, tokens.shape().dim(1)), 1, false)
        : m.reshape(m.slice(tokens, 1, 0, 1), b, c);
    return fc.forward(step, norm.forward(step, pooled));
  }

  @Override
  public Tensor loss(Step step, Backbone backbone, List<TaskSample> batch) {
    int[] targets = new int[batch.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = batch.get(i).label();
    }
    return step.nn().crossEntropy(logits(step, backbone, batch),
        step.constantInts(targets, Shape.of(targets.length)), -1);
  }

  @Override
  public List<TaskPrediction> predict(Step step, Backbone backbone, List<TaskSample> batch) {
    float[] probs = step.toFloats(step.nn().softmax(logits(step, backbone, batch), 1));
    int k = info.numClasses();
    List<TaskPrediction> out = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      float[] p = java.util.Arrays.copyOfRange(probs, i * k, (i + 1) * k);
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (p[c] > p[best]) {
          best = c;
        }
      }
      out.add(TaskPrediction.label(best, p));
    }
    return out;
  }

  @Override
  public TaskMetrics newMetrics() {
    return new ClassificationMetrics(info.classes());
  }
}
