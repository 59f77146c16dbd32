/**
 * The image-corruption contract: a {@link dev.vitp.spi.corruption.Corruption} degrades an image
 * at a severity from 1 (mild) to 5 (severe), as ImageNet-C and the remote-sensing benchmark
 * REOBench do; {@code vitp finetune --corruptions} and {@code vitp experiment robustness} score a
 * fine-tuned model on corrupted copies of its validation set. Built in (plugins-tasks): the twelve
 * corruptions of the ViTP paper's robustness table.
 */
@NullMarked
package dev.vitp.spi.corruption;

import org.jspecify.annotations.NullMarked;
