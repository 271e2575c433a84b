package org.mtl4j.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON configuration used for run records and checkpoints (non-finite numbers as strings, never silently dropped). */
public final class Json {
    private Json() {
    }

    /** @return a new mapper with the library's settings */
    public static ObjectMapper mapper() {
        ObjectMapper om = new ObjectMapper();
        om.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        return om;
    }
}
