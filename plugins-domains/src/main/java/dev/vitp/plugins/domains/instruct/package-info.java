/** The InternVL/LLaVA instruction format: recipes (meta JSON), JSONL records, validation and skip accounting. */
@NullMarked
package dev.vitp.plugins.domains.instruct;

import org.jspecify.annotations.NullMarked;
