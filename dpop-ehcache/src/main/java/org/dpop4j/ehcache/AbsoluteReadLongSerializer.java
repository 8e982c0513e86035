package org.dpop4j.ehcache;

import java.nio.ByteBuffer;
import org.ehcache.spi.serialization.Serializer;

/**
 * Serializes the stored numbers (lifetimes, the epoch) with absolute reads only.
 *
 * <p>Ehcache 3.11.1 clustered caches with expiry decode the same shared buffer more than once;
 * the built-in {@code LongSerializer} reads relatively, moves the buffer's position, and the
 * second decode fails ({@code BufferUnderflowException}). Under the default resilience strategy
 * that failure became "absent", a double accept. Never moving the position avoids it.
 */
final class AbsoluteReadLongSerializer implements Serializer<Long> {

  @Override
  public ByteBuffer serialize(Long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(0, value);
  }

  @Override
  public Long read(ByteBuffer binary) {
    return binary.getLong(binary.position());
  }

  @Override
  public boolean equals(Long value, ByteBuffer binary) {
    return value.longValue() == binary.getLong(binary.position());
  }
}
