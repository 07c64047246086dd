package dev.latchkey.local;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the documents of a collection are kept in its H2 map: as BSON, the way they came
 * over the wire, instead of the plain backend's Java serialisation.
 * <p>
 * The plain backend stores each document with H2's {@link ObjectDataType}, which
 * Java-serialises it, class descriptors and all, every time a page holding it is written
 * (at every commit that touches the page), and deserialises it every time the page is
 * read back into the cache: a quarter of the embedded MongoDB's CPU during an ingest
 * (issue #8). Here a value is a marker byte and the document's BSON, written with
 * mongo-java-server's own codec.
 * <p>
 * A document is written as BSON only when it comes back from BSON equal to itself; one
 * that would not (a time with more than millisecond precision, a regular expression, a
 * Java type BSON has no name for) is Java-serialised as before. Reading tells the two
 * apart by the first byte: {@code ObjectDataType}'s type tags stop at 119, the marker is
 * 127, so files the plain backend wrote are read as they are. The reverse does not hold:
 * the plain backend, or a Latchkey that predates this type, cannot read documents written
 * as BSON.
 */
final class BsonDocumentType extends BasicDataType<Document> {

	static final BsonDocumentType INSTANCE = new BsonDocumentType();

	/** Above every type tag of {@link ObjectDataType} (H2 2.3 and 2.4: 0–119). */
	static final byte BSON = 127;

	private static final ObjectDataType JAVA_SERIALISED = new ObjectDataType();

	private BsonDocumentType() {
	}

	@Override
	public void write(WriteBuffer buffer, Document document) {
		byte[] bson = bsonOf(document);
		if (bson == null) {
			JAVA_SERIALISED.write(buffer, document);
			return;
		}
		buffer.put(BSON).put(bson);
	}

	@Override
	public Document read(ByteBuffer buffer) {
		if (buffer.get(buffer.position()) != BSON) {
			return (Document) JAVA_SERIALISED.read(buffer);
		}
		int start = buffer.position() + 1;
		// A BSON document starts with its length, little-endian, that length included.
		int length = Integer.reverseBytes(buffer.getInt(start));
		byte[] bytes = new byte[length];
		buffer.get(start, bytes);
		buffer.position(start + length);
		return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
	}

	/**
	 * An estimate of the document's size on the heap, for the page sizes and the cache:
	 * it need not be exact, only the same each time for the same document.
	 */
	@Override
	public int getMemory(Document document) {
		return estimate(document);
	}

	@Override
	public int compare(Document one, Document other) {
		// Values are never ordered; H2 asks only whether two are the same.
		return one.equals(other) ? 0 : 1;
	}

	@Override
	public Document[] createStorage(int size) {
		return new Document[size];
	}

	/** The document's BSON, or {@code null} when it would not read back equal. */
	static byte[] bsonOf(Document document) {
		ByteBuf buffer = Unpooled.buffer(256);
		try {
			BsonEncoder.encodeDocument(document, buffer);
			if (!document.equals(BsonDecoder.decodeBson(buffer.duplicate()))) {
				return null;
			}
			return ByteBufUtil.getBytes(buffer);
		}
		catch (RuntimeException ex) {
			// A type the codec does not know, a time outside BSON's range, a key that
			// cannot be a C string.
			return null;
		}
		finally {
			buffer.release();
		}
	}

	private static int estimate(Object value) {
		if (value instanceof String string) {
			return 40 + string.length();
		}
		if (value instanceof Map<?, ?> map) {
			int size = 64;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				size += 48 + estimate(entry.getKey()) + estimate(entry.getValue());
			}
			return size;
		}
		if (value instanceof List<?> list) {
			int size = 40;
			for (Object element : list) {
				size += 8 + estimate(element);
			}
			return size;
		}
		if (value instanceof BinData binary) {
			return 32 + binary.getData().length;
		}
		return 24;
	}

}
