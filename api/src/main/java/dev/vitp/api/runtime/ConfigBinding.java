package dev.vitp.api.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Jackson binding of configs: every factory's config type is a {@link NamedType} under the
 * factory's name, so {@code {"type": "uniform", "ratio": 0.5}} read as a {@code TokenDropConfig}
 * becomes the config record of the {@code uniform} factory. Unknown or missing type ids fail with
 * the registry's message, and every failure reaches callers as a {@link VitpException}.
 */
public final class ConfigBinding {
  private final ComponentRegistry registry;
  private final ObjectMapper mapper;

  private ConfigBinding(ComponentRegistry registry, ObjectMapper mapper) {
    this.registry = registry;
    this.mapper = mapper;
  }

  /**
   * Builds the mapper: the Jackson modules visible to {@code loaders} (jackson-module-kotlin,
   * parameter names, … when present; a module found twice is registered once), one named
   * subtype per registered factory, and a problem handler that turns unknown or missing type ids
   * of vitp config bases into vitp errors.
   */
  public static ConfigBinding of(ComponentRegistry registry, List<ClassLoader> loaders) {
    ObjectMapper mapper = new ObjectMapper();
    for (ClassLoader loader : loaders) {
      mapper.registerModules(ObjectMapper.findModules(loader));
    }
    for (ComponentKind kind : ComponentKind.values()) {
      for (Registration r : registry.registrations(kind).values()) {
        mapper.registerSubtypes(new NamedType(r.factory().configType(), r.name()));
      }
    }
    mapper.addHandler(new TypeIdProblems(registry));
    return new ConfigBinding(registry, mapper);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** Reads {@code json} as {@code type}; any failure is a {@link VitpException}. */
  public <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (JacksonException | RuntimeException e) {
      throw translate(e, type);
    }
  }

  /** Binds a config tree as {@code type}; any failure is a {@link VitpException}. */
  public <T> T read(JsonNode tree, Class<T> type) {
    try {
      return mapper.treeToValue(tree, type);
    } catch (JacksonException | RuntimeException e) {
      throw translate(e, type);
    }
  }

  /** The default config of {@code name}: its config type with every field absent. */
  public Object defaults(ComponentKind kind, String name) {
    registry.get(kind, name);
    ObjectNode node = mapper.createObjectNode().put("type", name);
    try {
      return mapper.treeToValue(node, kind.configBase());
    } catch (JacksonException | RuntimeException e) {
      throw translate(e, kind.configBase());
    }
  }

  private static VitpException translate(Exception e, Class<?> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof VitpException v) {
        return v;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String target = kindOf(type) == null ? type.getSimpleName() : kindOf(type).key();
    if (e instanceof InvalidFormatException f && f.getTargetType() != null
        && f.getTargetType().isEnum()) {
      return VitpException.userError("Expected " + fieldPath(f) + " of the " + target
          + " config to be one of " + enumValues(f.getTargetType()) + ". Received: "
          + f.getValue(), e);
    }
    String detail = e.getMessage();
    if (e instanceof JacksonException j) {
      detail = j.getOriginalMessage();
      JsonLocation at = j.getLocation();
      if (at != null && at.getLineNr() > 0) {
        detail += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      }
    }
    return VitpException.userError(
        "Expected a valid " + target + " config JSON. Received: error=" + detail, e);
  }

  /** Where in the config a value was, e.g. {@code data.onBadFile}. */
  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "a value" : path.toString();
  }

  /** An enum's values as configs spell them ({@code @JsonProperty} names, else the constants). */
  private static List<String> enumValues(Class<?> type) {
    List<String> names = new java.util.ArrayList<>();
    for (Object constant : type.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      try {
        JsonProperty p = type.getField(name).getAnnotation(JsonProperty.class);
        names.add(p != null && !p.value().isEmpty() ? p.value() : name);
      } catch (NoSuchFieldException e) {
        names.add(name);
      }
    }
    return names;
  }

  private static @Nullable ComponentKind kindOf(Class<?> type) {
    for (ComponentKind kind : ComponentKind.values()) {
      if (kind.configBase() == type) {
        return kind;
      }
    }
    return null;
  }

  /** Unknown or missing {@code "type"} of a vitp config base → the registry's message. */
  private static final class TypeIdProblems extends DeserializationProblemHandler {
    private final ComponentRegistry registry;

    TypeIdProblems(ComponentRegistry registry) {
      this.registry = registry;
    }

    @Override
    public @Nullable JavaType handleUnknownTypeId(DeserializationContext ctxt, JavaType baseType,
        String subTypeId, TypeIdResolver idResolver, String failureMsg) {
      ComponentKind kind = kindOf(baseType.getRawClass());
      if (kind == null) {
        return null;
      }
      throw registry.unknown(kind, subTypeId);
    }

    @Override
    public @Nullable JavaType handleMissingTypeId(DeserializationContext ctxt, JavaType baseType,
        TypeIdResolver idResolver, String failureMsg) {
      ComponentKind kind = kindOf(baseType.getRawClass());
      if (kind == null) {
        return null;
      }
      throw registry.missingType(kind);
    }
  }
}
