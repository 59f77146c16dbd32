package dev.vitp.benchmarks;

import dev.vitp.plugins.domains.image.FastEncoders;
import dev.vitp.plugins.domains.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PNG encoding of one generated image to bytes: {@code FastEncoders.png} (what the generators
 * write by the thousand) next to {@code ImageIO.write} of the same pixels, already in a
 * BufferedImage (its set-up is not counted), without ImageIO's disk cache. Smooth noise, as the
 * generators draw, at the model's input sizes; 8-bit RGB and 16-bit gray (SAR, medical).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
@State(Scope.Benchmark)
public class FastEncodersBenchmark {
  @Param({"rgb8", "gray16"})
  public String kind;

  @Param({"64", "224"})
  public int size;

  private byte[] rgb;
  private short[] gray;
  private BufferedImage image;

  @Setup(Level.Trial)
  public void setUp() {
    ImageIO.setUseCache(false);
    Random random = new Random(7);
    int n = size * size;
    if (kind.equals("rgb8")) {
      rgb = new byte[n * 3];
      for (int i = 0; i < rgb.length; i++) {
        rgb[i] = (byte) (((i / 3) % size + i / (3 * size)) / 2 + random.nextInt(16));
      }
      image = ImageFiles.rgb(rgb, size, size);
    } else {
      gray = new short[n];
      for (int i = 0; i < n; i++) {
        gray[i] = (short) ((i % size + i / size) * 100 + random.nextInt(256));
      }
      image = ImageFiles.gray16(gray, size, size);
    }
  }

  @Benchmark
  public byte[] fastEncoders() {
    return rgb != null ? FastEncoders.png(rgb, null, size, size, 3, 8)
        : FastEncoders.png(null, gray, size, size, 1, 16);
  }

  @Benchmark
  public byte[] imageIo() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
