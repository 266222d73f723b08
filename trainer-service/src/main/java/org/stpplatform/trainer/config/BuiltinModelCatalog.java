package org.stpplatform.trainer.config;

import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;
import org.stpplatform.engine.model.BuiltinModels;

/** The engine's built-in models plus {@link ModelCatalog#CUSTOM} for any LLaDA-architecture checkpoint. */
public final class BuiltinModelCatalog implements ModelCatalog {

    private final Set<String> names;

    public BuiltinModelCatalog() {
        Set<String> all = new LinkedHashSet<>(BuiltinModels.names());
        all.add(CUSTOM);
        this.names = Set.copyOf(all);
    }

    @Override
    public Set<String> names() {
        return names;
    }

    @Override
    public OptionalInt maxSequenceLength(String name) {
        if (CUSTOM.equals(name) || !BuiltinModels.names().contains(name)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(BuiltinModels.config(name).maxSequenceLength());
    }

    @Override
    public boolean hasBuiltinTokenizer(String name) {
        return BuiltinModels.names().contains(name) && !BuiltinModels.LLADA_8B.equals(name);
    }
}
