/** Domain plugins: the remote-sensing and medical domains, the InternVL JSONL source and the generator entry point. */
@NullMarked
package dev.vitp.plugins.domains;

import org.jspecify.annotations.NullMarked;
