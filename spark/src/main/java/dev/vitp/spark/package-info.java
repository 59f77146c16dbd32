/**
 * vitp's Spark jobs: {@code vitp curate} (check, deduplicate and shard an instruction corpus) and
 * {@code vitp embed --spark} (backbone features of image archives as Parquet). Local mode runs
 * in-process; a cluster runs the same jobs through {@code spark-submit}.
 */
@NullMarked
package dev.vitp.spark;

import org.jspecify.annotations.NullMarked;
