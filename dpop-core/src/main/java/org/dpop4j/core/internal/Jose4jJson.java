package org.dpop4j.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jose4j.json.internal.json_simple.parser.ContainerFactory;
import org.jose4j.json.internal.json_simple.parser.JSONParser;
import org.jose4j.json.internal.json_simple.parser.ParseException;
import org.jose4j.lang.JoseException;

/**
 * The one place dpop4j uses a package jose4j calls internal: its {@code json_simple} parser, the
 * parser behind {@link org.jose4j.json.JsonUtil#parseJson}, which makes a new one, with a 32 KB
 * lexer buffer, for every call. A proof needs two parses, and that allocation costs about a tenth
 * of a cached-key verification; jose4j's public API offers no parser to reuse, so this class
 * keeps a small pool of them (a parser resets itself for every parse). A pool, not a {@code
 * ThreadLocal}: a container's worker threads outlive the web application, and a parser left on
 * each of them would keep the application's class loader from being collected after undeploy
 * (Tomcat reports it as a ThreadLocal leak). The objects it makes refuse repeated member names,
 * as {@code JsonUtil}'s do, so the verdicts are {@code JsonUtil}'s; {@code Jose4jJsonTest}
 * compares the two and fails on a jose4j upgrade that makes them differ.
 */
public final class Jose4jJson {

  // Enough for every core to parse at once; a thread that finds the pool empty makes its own.
  private static final BlockingQueue<JSONParser> PARSERS =
      new ArrayBlockingQueue<>(Math.min(64, 2 * Runtime.getRuntime().availableProcessors()));
  private static final ContainerFactory UNIQUE_NAMES =
      new ContainerFactory() {
        @Override
        public Map<String, Object> createObjectContainer() {
          return new UniqueNamesObject();
        }

        @Override
        public List<Object> creatArrayContainer() {
          return new ArrayList<>();
        }
      };

  private Jose4jJson() {}

  /**
   * {@code json} parsed, when it is one JSON object without repeated member names, as {@link
   * org.jose4j.json.JsonUtil#parseJson} parses it.
   *
   * @throws JoseException for any other text
   */
  public static Map<String, Object> parseObject(String json) throws JoseException {
    Object parsed;
    JSONParser parser = PARSERS.poll();
    if (parser == null) {
      parser = new JSONParser();
    }
    try {
      parsed = parser.parse(json, UNIQUE_NAMES);
    } catch (ParseException | RuntimeException e) {
      throw new JoseException("not a JSON object: " + e.getMessage(), e);
    } finally {
      PARSERS.offer(parser);
    }
    if (!(parsed instanceof UniqueNamesObject object)) {
      throw new JoseException("not a JSON object");
    }
    return object;
  }

  /** A JSON object that refuses a member name it already has, as jose4j's objects do. */
  private static final class UniqueNamesObject extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public Object put(String name, Object value) {
      if (containsKey(name)) {
        throw new IllegalArgumentException("repeated member name: " + name);
      }
      return super.put(name, value);
    }
  }
}
