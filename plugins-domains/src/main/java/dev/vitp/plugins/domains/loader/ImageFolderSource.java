package dev.vitp.plugins.domains.loader;

import dev.vitp.plugins.domains.image.ImageRef;
import dev.vitp.plugins.domains.image.Normalizations;
import dev.vitp.plugins.domains.instruct.EpochOrder;
import dev.vitp.plugins.domains.instruct.ImageFolderConfig;
import dev.vitp.plugins.domains.instruct.ParsedRecord;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.InstructionSource;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.spi.data.SkipSummary;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The {@code image-folder} instruction source: every image file under a folder is one record with
 * that image and no conversation, for objectives that learn from images alone ({@code mae}).
 * Files are found recursively (hidden files and folders left out; symbolic links to files are
 * followed, to folders not) and ordered by their {@code /}-separated path under the root, so the
 * order does not depend on the file system. The folder is listed when the source is created, so a
 * missing or empty folder fails at startup. Batches come from the same loader as
 * {@code internvl-jsonl}: an image that cannot be decoded is skipped as a corrupt image under the
 * bad-record policy.
 */
public final class ImageFolderSource implements InstructionSource {
  public static final String NAME = "image-folder";
  /** Lower-case extensions of the still-image formats the image decoder reads. */
  public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "tif", "tiff", "bmp");

  private final ImageFolderConfig config;
  private final Path root;
  private final String dataset;
  private final List<String> files;
  private final ImageNormalization normalization;

  public ImageFolderSource(ImageFolderConfig config) {
    this.config = config;
    this.normalization = Normalizations.named(config.normalization());
    this.root = Path.of(config.root()).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw VitpException.userError("Expected an existing image folder. Received: root=" + root);
    }
    this.dataset = root.getFileName() == null ? NAME : root.getFileName().toString();
    this.files = list(root);
    if (files.isEmpty()) {
      throw VitpException.userError("Expected image files (" + String.join(", ",
          new java.util.TreeSet<>(EXTENSIONS)) + ") under the image folder, hidden ones left out. "
          + "Received: root=" + root + " with none");
    }
  }

  public ImageFolderConfig config() {
    return config;
  }

  /** The folder, absolute and normalised. */
  public Path root() {
    return root;
  }

  public ImageNormalization normalization() {
    return normalization;
  }

  /** The image files, {@code /}-separated paths under the root, in record order. */
  public List<String> files() {
    return files;
  }

  /** Records per epoch, before skips. */
  public long size() {
    return files.size();
  }

  /** Whether a file name has one of the {@link #EXTENSIONS}, in any case. */
  public static boolean isImage(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static boolean hidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private static List<String> list(Path root) {
    List<String> out = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE
              : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          boolean regular = attrs.isRegularFile()
              || attrs.isSymbolicLink() && Files.isRegularFile(file);
          if (regular && !hidden(file) && isImage(file.getFileName().toString())) {
            StringBuilder rel = new StringBuilder();
            for (Path part : root.relativize(file)) {
              rel.append(rel.length() == 0 ? "" : "/").append(part);
            }
            out.add(rel.toString());
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          throw e;
        }
      });
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable image folder. Received: root=" + root
          + " (" + e + ")");
    }
    Collections.sort(out);
    return List.copyOf(out);
  }

  private ParsedRecord parsed(int i) {
    String rel = files.get(i);
    InstructionRecord record = new InstructionRecord(rel, List.of(rel), List.of());
    return new ParsedRecord(dataset, rel, record, List.of(ImageRef.of(root.resolve(rel))),
        List.of(), List.of());
  }

  private SkipLog<SkipReason> newLog() {
    return SkipLog.ofRecords(config.badRecords(), config.maxReported());
  }

  /** One record per image file, in path order, without decoding images. */
  @Override
  public RecordStream open() {
    SkipLog<SkipReason> log = newLog();
    return new RecordStream() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < files.size();
      }

      @Override
      public InstructionRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more records");
        }
        log.kept();
        return parsed(next++).record();
      }

      @Override
      public SkipSummary summary() {
        return SkipSummary.of(log);
      }

      @Override
      public void close() {
        next = files.size();
      }
    };
  }

  @Override
  public boolean supportsHoldout() {
    return true;
  }

  /** One epoch; held-out batches read the held-out images in path order. */
  @Override
  public BatchStream batches(LoaderOptions options) {
    boolean heldOut = options.holdout() != null && options.holdout().heldOut();
    EpochOrder order = new EpochOrder(new int[] {files.size()}, new long[] {files.size()},
        options.shuffle() && !heldOut, options.seed(), options.epoch());
    Entries entries = new Entries() {
      @Override
      public String source(long entry) {
        return files.get((int) entry);
      }

      @Override
      public long key(long entry) {
        return entry;
      }

      @Override
      public ParsedRecord read(long entry) {
        return parsed((int) entry);
      }

      @Override
      public void close() {}
    };
    return new BatchLoader(entries, order, options,
        new SampleProcessor(options.imageSize(), normalization, config.augment(),
            options.maxImagePixels()), newLog());
  }
}
