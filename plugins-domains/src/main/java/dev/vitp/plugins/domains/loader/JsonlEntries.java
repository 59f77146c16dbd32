package dev.vitp.plugins.domains.loader;

import dev.vitp.plugins.domains.instruct.AnnotationIndex;
import dev.vitp.plugins.domains.instruct.Dataset;
import dev.vitp.plugins.domains.instruct.EpochOrder;
import dev.vitp.plugins.domains.instruct.ParsedRecord;
import java.util.List;

/** The entries of InternVL JSONL datasets: each entry is one line, parsed and validated. */
final class JsonlEntries implements Entries {
  private final List<Dataset> datasets;
  private final EpochOrder order;
  private final AnnotationIndex.Reader[] readers;

  JsonlEntries(List<Dataset> datasets, EpochOrder order) {
    this.datasets = datasets;
    this.order = order;
    this.readers = new AnnotationIndex.Reader[datasets.size()];
    for (int d = 0; d < readers.length; d++) {
      readers[d] = datasets.get(d).index().openReader();
    }
  }

  @Override
  public String source(long entry) {
    return datasets.get(order.dataset(entry)).index().source(order.record(entry));
  }

  @Override
  public long key(long entry) {
    return (long) order.dataset(entry) << 32 | order.record(entry);
  }

  @Override
  public ParsedRecord read(long entry) {
    int d = order.dataset(entry);
    int r = order.record(entry);
    Dataset ds = datasets.get(d);
    byte[] line = readers[d].read(r);
    return ds.parser().parse(line, 0, line.length, ds.index().source(r), ds.index().lineNumber(r));
  }

  @Override
  public void close() {
    for (AnnotationIndex.Reader reader : readers) {
      reader.close();
    }
  }
}
