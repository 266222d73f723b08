package org.stpplatform.engine.io;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a UTF-8 JSON
 * header mapping each tensor name to {@code dtype}, {@code shape} and {@code data_offsets} (begin and
 * end relative to the data section), an optional {@code __metadata__} object of strings, then the
 * raw little-endian tensor bytes.
 *
 * <p>Supported dtypes: F32, F16, BF16, F64, I64, I32, I8, U8, BOOL. Reading widens F16 and BF16 to
 * float32 (BF16 by a 16-bit shift, F16 by decoding the half-precision fields), because the model
 * computes in float32. Every other dtype keeps its type. Writing can narrow float32 tensors to BF16
 * or F16 in Java.
 *
 * <p>NOTE: DJL 0.36's PyTorch engine aborts the JVM ("terminate called without an active
 * exception") when it creates a BFLOAT16 array, by {@code toType} or from a buffer, so bfloat16
 * exists here only in files and is converted in Java.
 */
public final class Safetensors {

    /** Largest accepted JSON header; the format's reference implementation uses the same bound. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Safetensors() {
    }

    /** Entry of a safetensors header: dtype name, shape and byte range in the data section. */
    public record TensorInfo(String dtype, long[] shape, long begin, long end) {

        public Shape djlShape() {
            return new Shape(shape);
        }
    }

    /** Reads every tensor of a file into {@code manager}, widening F16 and BF16 to float32. */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(channel, file.toString());
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, TensorInfo> entry : header.tensors().entrySet()) {
                TensorInfo info = entry.getValue();
                ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY,
                        header.dataStart() + info.begin(), info.end() - info.begin());
                tensors.put(entry.getKey(), toArray(entry.getKey(), info, data, manager));
            }
            return tensors;
        }
    }

    /** Reads only the header of a file: tensor names with dtype, shape and byte range. */
    public static Map<String, TensorInfo> readTensorInfo(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(channel, file.toString()).tensors();
        }
    }

    /** Decodes tensors from the bytes of a safetensors file, as {@link #read} does. */
    public static Map<String, NDArray> fromBytes(byte[] bytes, NDManager manager) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8) {
            throw new IllegalArgumentException("safetensors data is " + bytes.length
                    + " bytes long, shorter than its 8-byte header length");
        }
        long headerLength = buffer.getLong(0);
        checkHeaderLength(headerLength, bytes.length, "safetensors data");
        Header header = parseHeader(headerLength, bytes.length, "safetensors data",
                new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, TensorInfo> entry : header.tensors().entrySet()) {
            TensorInfo info = entry.getValue();
            ByteBuffer data = ByteBuffer.wrap(bytes, (int) (header.dataStart() + info.begin()),
                    (int) (info.end() - info.begin())).slice();
            tensors.put(entry.getKey(), toArray(entry.getKey(), info, data, manager));
        }
        return tensors;
    }

    /**
     * Writes tensors, each in its own dtype, to {@code file}. The file is written under a temporary
     * name in the same directory and then moved into place, so readers never see a partial file.
     */
    public static void write(Path file, Map<String, NDArray> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /** Writes tensors as {@link #write(Path, Map)} with string metadata in {@code __metadata__}. */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata)
            throws IOException {
        write(file, tensors, metadata, DataType.FLOAT32);
    }

    /**
     * Writes tensors as {@link #write(Path, Map, Map)}, storing float32 tensors as
     * {@code floatStorage}: FLOAT32 keeps them, FLOAT16 or BFLOAT16 narrows them with round to
     * nearest even (as PyTorch does) to halve the file. Other dtypes are written unchanged.
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata,
            DataType floatStorage) throws IOException {
        checkFloatStorage(floatStorage);
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, absolute.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                writeTo(out, tensors, metadata, floatStorage);
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Encodes tensors, each in its own dtype, as the bytes of a safetensors file. */
    public static byte[] toBytes(Map<String, NDArray> tensors) {
        return toBytes(tensors, DataType.FLOAT32);
    }

    /** Encodes tensors as {@link #toBytes(Map)}, storing float32 tensors as {@code floatStorage}. */
    public static byte[] toBytes(Map<String, NDArray> tensors, DataType floatStorage) {
        checkFloatStorage(floatStorage);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out, tensors, Map.of(), floatStorage);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Returns the SHA-256 digest of {@code bytes} as lowercase hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * Converts a float32 value to bfloat16 bits with round-to-nearest-even, as PyTorch does. NaN
     * stays NaN.
     */
    public static short floatToBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    /** Converts bfloat16 bits to float32 exactly. */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Converts IEEE 754 half-precision bits to float32 exactly. */
    public static float float16ToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal half: mantissa * 2^-24.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static void checkFloatStorage(DataType floatStorage) {
        if (floatStorage != DataType.FLOAT32 && floatStorage != DataType.FLOAT16
                && floatStorage != DataType.BFLOAT16) {
            throw new IllegalArgumentException("float storage " + floatStorage
                    + " is not supported; use FLOAT32, FLOAT16 or BFLOAT16");
        }
    }

    private static void writeTo(OutputStream out, Map<String, NDArray> tensors,
            Map<String, String> metadata, DataType floatStorage) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        // The header is computed from shapes, so that each tensor's bytes exist only while it is
        // written: a multi-gigabyte checkpoint never sits in the Java heap at once.
        Map<String, DataType> storedTypes = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            NDArray array = entry.getValue();
            DataType stored = array.getDataType() == DataType.FLOAT32 ? floatStorage : array.getDataType();
            Dtype dtype = Dtype.of(stored, name);
            long length = Math.multiplyExact(array.getShape().size(), dtype.bytes);
            ObjectNode node = header.putObject(name);
            node.put("dtype", dtype.name());
            var shape = node.putArray("shape");
            for (long dimension : array.getShape().getShape()) {
                shape.add(dimension);
            }
            var offsets = node.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + length);
            offset += length;
            storedTypes.put(name, stored);
        }
        byte[] json = JSON.writeValueAsBytes(header);
        // Pad the header with spaces to a multiple of 8 bytes so that tensor data stays aligned.
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            headerBytes[i] = ' ';
        }
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(headerBytes);
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            out.write(littleEndianBytes(entry.getValue(), storedTypes.get(entry.getKey())));
        }
    }

    private static byte[] littleEndianBytes(NDArray array, DataType stored) {
        NDArray onCpu = array.getDevice().equals(Device.cpu())
                ? array : array.toDevice(Device.cpu(), false);
        NDArray converted = onCpu;
        try {
            if (stored == DataType.BFLOAT16) {
                return bfloat16Bytes(onCpu);
            }
            if (stored != array.getDataType()) {
                converted = onCpu.toType(stored, false);
            }
            ByteBuffer buffer = converted.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } finally {
            if (converted != onCpu) {
                converted.close();
            }
            if (onCpu != array) {
                onCpu.close();
            }
        }
    }

    /** Returns float32 values narrowed to bfloat16 (round to nearest even) as little-endian bytes. */
    private static byte[] bfloat16Bytes(NDArray array) {
        float[] values = array.toFloatArray();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putShort(floatToBfloat16(value));
        }
        return bytes.array();
    }

    private record Header(Map<String, TensorInfo> tensors, long dataStart) {
    }

    private static Header readHeader(FileChannel channel, String source) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new IOException(source + " is " + size
                    + " bytes long, shorter than the 8-byte safetensors header length");
        }
        ByteBuffer lengthBuffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBuffer, 0);
        long headerLength = lengthBuffer.getLong(0);
        try {
            checkHeaderLength(headerLength, size, source);
            ByteBuffer json = ByteBuffer.allocate((int) headerLength);
            readFully(channel, json, 8);
            return parseHeader(headerLength, size, source,
                    new String(json.array(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
    }

    private static void checkHeaderLength(long headerLength, long totalLength, String source) {
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > totalLength) {
            throw new IllegalArgumentException(source + " has an invalid safetensors header length "
                    + headerLength + " for " + totalLength + " bytes in total");
        }
    }

    private static Header parseHeader(long headerLength, long totalLength, String source,
            String jsonText) {
        JsonNode root;
        try {
            root = JSON.readTree(jsonText);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source
                    + " has a safetensors header that is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source
                    + " has a safetensors header that is not a JSON object");
        }
        long dataLength = totalLength - 8 - headerLength;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals("__metadata__")) {
                continue;
            }
            TensorInfo info = parseEntry(field.getKey(), field.getValue(), source);
            if (info.end() > dataLength) {
                throw new IllegalArgumentException(source + ": tensor '" + field.getKey()
                        + "' ends at byte " + info.end() + " but the data section has "
                        + dataLength + " bytes");
            }
            tensors.put(field.getKey(), info);
        }
        return new Header(tensors, 8 + headerLength);
    }

    private static TensorInfo parseEntry(String name, JsonNode node, String source) {
        JsonNode dtypeNode = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsetsNode = node.get("data_offsets");
        if (dtypeNode == null || shapeNode == null || !shapeNode.isArray()
                || offsetsNode == null || !offsetsNode.isArray() || offsetsNode.size() != 2) {
            throw new IllegalArgumentException(source + ": tensor '" + name
                    + "' needs dtype, shape and two data_offsets");
        }
        Dtype dtype = Dtype.parse(dtypeNode.asString(), name);
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            if (shape[i] < 0) {
                throw new IllegalArgumentException(source + ": tensor '" + name
                        + "' has a negative dimension " + shape[i]);
            }
            elements = Math.multiplyExact(elements, shape[i]);
        }
        long begin = offsetsNode.get(0).asLong();
        long end = offsetsNode.get(1).asLong();
        long expected = Math.multiplyExact(elements, dtype.bytes);
        if (begin < 0 || end - begin != expected) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' has data_offsets ["
                    + begin + ", " + end + "] but " + dtype + " " + Arrays.toString(shape) + " needs "
                    + expected + " bytes");
        }
        return new TensorInfo(dtype.name(), shape, begin, end);
    }

    private static NDArray toArray(String name, TensorInfo info, ByteBuffer data, NDManager manager) {
        data.order(ByteOrder.LITTLE_ENDIAN);
        Shape shape = info.djlShape();
        Dtype dtype = Dtype.valueOf(info.dtype());
        NDArray array;
        if (dtype == Dtype.BF16 || dtype == Dtype.F16) {
            int count = Math.toIntExact(shape.size());
            ByteBuffer widened = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder());
            FloatBuffer floats = widened.asFloatBuffer();
            for (int i = 0; i < count; i++) {
                short bits = data.getShort(i * 2);
                floats.put(i, dtype == Dtype.BF16 ? bfloat16ToFloat(bits) : float16ToFloat(bits));
            }
            array = manager.create(widened, shape, DataType.FLOAT32);
        } else {
            // NOTE: DJL reads the buffer in native byte order, which is little-endian on every
            // platform its PyTorch engine ships for, so the bytes are copied without swapping.
            ByteBuffer copy = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
            copy.put(data.duplicate());
            copy.flip();
            array = manager.create(copy, shape, dtype.djlType);
        }
        array.setName(name);
        return array;
    }

    /** Safetensors dtype names with their DJL types and element sizes. */
    private enum Dtype {
        F32(DataType.FLOAT32, 4),
        F16(DataType.FLOAT16, 2),
        BF16(DataType.BFLOAT16, 2),
        F64(DataType.FLOAT64, 8),
        I64(DataType.INT64, 8),
        I32(DataType.INT32, 4),
        I8(DataType.INT8, 1),
        U8(DataType.UINT8, 1),
        BOOL(DataType.BOOLEAN, 1);

        final DataType djlType;
        final int bytes;

        Dtype(DataType djlType, int bytes) {
            this.djlType = djlType;
            this.bytes = bytes;
        }

        static Dtype parse(String text, String tensorName) {
            for (Dtype dtype : values()) {
                if (dtype.name().equals(text)) {
                    return dtype;
                }
            }
            throw new IllegalArgumentException("tensor '" + tensorName + "' has unsupported dtype '"
                    + text + "'; supported dtypes are " + List.of(values()));
        }

        static Dtype of(DataType type, String tensorName) {
            for (Dtype dtype : values()) {
                if (dtype.djlType == type) {
                    return dtype;
                }
            }
            throw new IllegalArgumentException("tensor '" + tensorName + "' has data type " + type
                    + ", which safetensors cannot store here; supported dtypes are " + List.of(values()));
        }
    }
}
