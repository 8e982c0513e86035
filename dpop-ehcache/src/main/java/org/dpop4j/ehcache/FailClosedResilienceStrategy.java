package org.dpop4j.ehcache;

import java.util.Map;
import org.ehcache.Cache;
import org.ehcache.spi.resilience.ResilienceStrategy;
import org.ehcache.spi.resilience.StoreAccessException;

/**
 * Rethrows every store failure. Ehcache's default strategy answers a failed {@code putIfAbsent}
 * with {@code null}, "absent", which a replay cache would read as a first use: a replay accepted
 * whenever the store times out or is unreachable.
 */
final class FailClosedResilienceStrategy<K, V> implements ResilienceStrategy<K, V> {

  @Override
  public V getFailure(K key, StoreAccessException e) {
    throw new ReplayStoreFailure("get", e);
  }

  @Override
  public boolean containsKeyFailure(K key, StoreAccessException e) {
    throw new ReplayStoreFailure("containsKey", e);
  }

  @Override
  public void putFailure(K key, V value, StoreAccessException e) {
    throw new ReplayStoreFailure("put", e);
  }

  @Override
  public void removeFailure(K key, StoreAccessException e) {
    throw new ReplayStoreFailure("remove", e);
  }

  @Override
  public void clearFailure(StoreAccessException e) {
    throw new ReplayStoreFailure("clear", e);
  }

  @Override
  public Cache.Entry<K, V> iteratorFailure(StoreAccessException e) {
    throw new ReplayStoreFailure("iterator", e);
  }

  @Override
  public V putIfAbsentFailure(K key, V value, StoreAccessException e) {
    throw new ReplayStoreFailure("putIfAbsent", e);
  }

  @Override
  public boolean removeFailure(K key, V value, StoreAccessException e) {
    throw new ReplayStoreFailure("remove", e);
  }

  @Override
  public V replaceFailure(K key, V value, StoreAccessException e) {
    throw new ReplayStoreFailure("replace", e);
  }

  @Override
  public boolean replaceFailure(K key, V value, V newValue, StoreAccessException e) {
    throw new ReplayStoreFailure("replace", e);
  }

  @Override
  public Map<K, V> getAllFailure(Iterable<? extends K> keys, StoreAccessException e) {
    throw new ReplayStoreFailure("getAll", e);
  }

  @Override
  public void putAllFailure(Map<? extends K, ? extends V> entries, StoreAccessException e) {
    throw new ReplayStoreFailure("putAll", e);
  }

  @Override
  public void removeAllFailure(Iterable<? extends K> keys, StoreAccessException e) {
    throw new ReplayStoreFailure("removeAll", e);
  }
}
