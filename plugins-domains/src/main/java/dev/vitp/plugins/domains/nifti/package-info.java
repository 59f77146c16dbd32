/** NIfTI-1 volumes: header, datatypes, scaling, both byte orders, plain and gzipped files. */
@NullMarked
package dev.vitp.plugins.domains.nifti;

import org.jspecify.annotations.NullMarked;
