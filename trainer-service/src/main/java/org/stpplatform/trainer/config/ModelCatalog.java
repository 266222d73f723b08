package org.stpplatform.trainer.config;

import java.util.OptionalInt;
import java.util.Set;

/** Names of the models a run may use, with the limits that validation checks. */
public interface ModelCatalog {

    /** Model name that requires {@code model.checkpoint} and {@code model.tokenizer} paths. */
    String CUSTOM = "custom";

    /** Returns the accepted model names, {@link #CUSTOM} included. */
    Set<String> names();

    /** Returns the longest prompt plus completion of a named model, or empty for {@link #CUSTOM}. */
    OptionalInt maxSequenceLength(String name);

    /** Returns whether the named model has a tokenizer built in, so that no tokenizer path is needed. */
    boolean hasBuiltinTokenizer(String name);
}
