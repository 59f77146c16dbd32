/** The built-in word-level tokenizer and the conversation encoder used for pretraining. */
@NullMarked
package dev.vitp.api.text;

import org.jspecify.annotations.NullMarked;
