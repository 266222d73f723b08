package org.stpplatform.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void float32RoundTripIsBitExact() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            float[] values = {0f, -0f, 1.5f, -3.25e-8f, Float.MAX_VALUE, Float.MIN_VALUE, 123456.79f};
            Map<String, NDArray> tensors = Map.of("w", manager.create(values, new Shape(7)));

            Safetensors.write(dir.resolve("a.safetensors"), tensors);
            NDArray read = Safetensors.read(dir.resolve("a.safetensors"), manager).get("w");

            assertThat(read.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(read.getShape()).isEqualTo(new Shape(7));
            assertThat(read.toFloatArray()).containsExactly(values);
        }
    }

    @Test
    void bfloat16RoundTripIsBitExact() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            // Every value has at most 8 significant bits, so bfloat16 represents it exactly.
            float[] values = {0f, 1f, -2.5f, 0.015625f, 0x1.fep127f, -0x1.8p-100f, 65280f, 0.75f};
            for (float value : values) {
                assertThat(Safetensors.bfloat16ToFloat(Safetensors.floatToBfloat16(value))).isEqualTo(value);
            }
            NDArray array = manager.create(values, new Shape(2, 4));

            byte[] bytes = Safetensors.toBytes(Map.of("w", array), DataType.BFLOAT16);
            NDArray read = Safetensors.fromBytes(bytes, manager).get("w");

            assertThat(headerText(bytes)).contains("\"dtype\":\"BF16\"");
            assertThat(read.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(read.getShape()).isEqualTo(new Shape(2, 4));
            assertThat(read.toFloatArray()).containsExactly(values);
        }
    }

    @Test
    void bfloat16StorageRoundsToNearestEven() {
        // 1 + 2^-8 lies halfway between two bfloat16 values and rounds to the even one, 1.
        assertThat(Safetensors.floatToBfloat16(1f + 0x1p-8f)).isEqualTo((short) 0x3F80);
        // 1 + 3 * 2^-8 lies halfway and rounds up to the even 1 + 2^-6.
        assertThat(Safetensors.floatToBfloat16(1f + 3 * 0x1p-8f)).isEqualTo((short) 0x3F82);
        assertThat(Safetensors.floatToBfloat16(-2f)).isEqualTo((short) 0xC000);
        assertThat(Float.isNaN(Safetensors.bfloat16ToFloat(Safetensors.floatToBfloat16(Float.NaN)))).isTrue();
    }

    @Test
    void float16RoundTripIsBitExact() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            // Normal, subnormal (2^-24), negative and the largest finite half values.
            float[] values = {0f, 1f, -2.5f, 0x1p-24f, 65504f, -0.0009765625f};
            NDArray half = manager.create(values, new Shape(6)).toType(DataType.FLOAT16, false);

            Safetensors.write(dir.resolve("h.safetensors"), Map.of("w", half));
            NDArray read = Safetensors.read(dir.resolve("h.safetensors"), manager).get("w");

            assertThat(read.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(read.toFloatArray()).containsExactly(values);
        }
    }

    @Test
    void integerTensorsKeepTheirType() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("ids", manager.create(new long[] {1L << 40, -7, 0}, new Shape(3)));
            tensors.put("counts", manager.create(new int[] {5, -9}, new Shape(2, 1)));

            Map<String, NDArray> read = Safetensors.fromBytes(Safetensors.toBytes(tensors), manager);

            assertThat(read.keySet()).containsExactly("ids", "counts");
            assertThat(read.get("ids").getDataType()).isEqualTo(DataType.INT64);
            assertThat(read.get("ids").toLongArray()).containsExactly(1L << 40, -7, 0);
            assertThat(read.get("counts").getDataType()).isEqualTo(DataType.INT32);
            assertThat(read.get("counts").getShape()).isEqualTo(new Shape(2, 1));
            assertThat(read.get("counts").toIntArray()).containsExactly(5, -9);
        }
    }

    @Test
    void writerFollowsTheFileFormat() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray array = manager.create(new float[] {1f, 2f}, new Shape(2));

            byte[] bytes = Safetensors.toBytes(Map.of("w", array));
            long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) headerLength, 8).order(ByteOrder.LITTLE_ENDIAN);

            assertThat(headerLength % 8).isZero();
            assertThat(bytes.length).isEqualTo(8 + headerLength + 8);
            assertThat(headerText(bytes).trim())
                    .isEqualTo("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
            assertThat(data.getFloat()).isEqualTo(1f);
            assertThat(data.getFloat()).isEqualTo(2f);
        }
    }

    @Test
    void readsFileFromIndependentWriter() throws IOException {
        // Written by hand as the format describes: metadata, two tensors, offsets out of order.
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[8,12]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json).putFloat(-1.5f).putFloat(4f).putInt(42);
        Files.write(dir.resolve("hand.safetensors"), file.array());

        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> read = Safetensors.read(dir.resolve("hand.safetensors"), manager);

            assertThat(read.get("a").getShape()).isEqualTo(new Shape(1, 2));
            assertThat(read.get("a").toFloatArray()).containsExactly(-1.5f, 4f);
            assertThat(read.get("b").getShape()).isEqualTo(new Shape());
            assertThat(read.get("b").getInt()).isEqualTo(42);
        }
    }

    @Test
    void rejectsInconsistentOffsets() {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json);

        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertThatThrownBy(() -> Safetensors.fromBytes(file.array(), manager))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'a'")
                    .hasMessageContaining("12 bytes");
        }
    }

    @Test
    void rejectsHeaderLongerThanFile() throws IOException {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();
        Files.write(dir.resolve("short.safetensors"), bytes);

        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertThatThrownBy(() -> Safetensors.read(dir.resolve("short.safetensors"), manager))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("invalid safetensors header length 1000");
        }
    }

    @Test
    void rejectsUnsupportedDtype() {
        String header = "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + 1).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json);

        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertThatThrownBy(() -> Safetensors.fromBytes(file.array(), manager))
                    .hasMessageContaining("unsupported dtype 'F8_E4M3'");
        }
    }

    @Test
    void sha256MatchesKnownDigest() {
        assertThat(Safetensors.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static String headerText(byte[] bytes) {
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    }
}
