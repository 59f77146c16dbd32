/** Line charts of training curves, shared by the run commands and the reports. */
@NullMarked
package dev.vitp.cli.charts;

import org.jspecify.annotations.NullMarked;
