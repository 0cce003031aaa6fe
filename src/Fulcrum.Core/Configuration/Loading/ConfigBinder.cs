using System.Collections;
using System.Globalization;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fulcrum.Configuration.Loading;

/// <summary>
/// Binds a YAML node tree onto the <c>*Config</c> records by reflection (load time only, never per request).
/// Keys are the camelCase property names. Every problem is added to <see cref="ConfigErrors"/> with the node's
/// line and column and binding goes on, so one pass reports every error. Absent keys keep the record's default.
/// </summary>
internal sealed class ConfigBinder
{
    private static readonly Dictionary<Type, PropertyTable> Tables = [];
    private readonly ConfigErrors _errors;
    private readonly Func<string, string?> _environment;
    private readonly string _file;

    public ConfigBinder(ConfigErrors errors, Func<string, string?> environment)
    {
        _errors = errors;
        _environment = environment;
        _file = errors.SourceMap.File;
    }

    public T Bind<T>(YamlNode node) where T : class, new() => (T?)BindValue(typeof(T), node, "") ?? new T();

    private ConfigLocation At(YamlNode node) => At(node.Start);

    private ConfigLocation At(Mark mark) => new(_file, (int)mark.Line, (int)mark.Column);

    private object? BindValue(Type type, YamlNode node, string path)
    {
        _errors.SourceMap.Add(path, At(node));
        var underlying = Nullable.GetUnderlyingType(type);
        if (IsNull(node))
        {
            return null;
        }

        type = underlying ?? type;
        if (type == typeof(PolicyConfig))
        {
            // A policy's keys depend on its type: bind the record its `type` names, so unknown keys are reported
            // against that type's settings. An unknown type is reported once; its other keys mean nothing.
            var (concrete, name) = PolicyTypeOf(node, path);
            if (concrete is null)
            {
                return new UnknownPolicyConfig { Type = name ?? "" };
            }

            type = concrete;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            return BindDictionary(type.GetGenericArguments()[1], node, path);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return BindList(type.GetGenericArguments()[0], node, path);
        }

        if (type.IsClass && type != typeof(string))
        {
            return BindRecord(type, node, path);
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(node, path, $"expected {Describe(type)}, found a {KindOf(node)}");
            return null;
        }

        var text = Substitute(scalar, path);
        if (text is null)
        {
            return null;
        }

        if (type == typeof(string))
        {
            return text;
        }

        if (type == typeof(int))
        {
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
        }
        else if (type == typeof(long))
        {
            if (ByteSize.TryParse(text, out var size))
            {
                return size;
            }
        }
        else if (type == typeof(double))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
        }
        else if (type == typeof(bool))
        {
            if (bool.TryParse(text, out var flag))
            {
                return flag;
            }
        }
        else if (type == typeof(TimeSpan))
        {
            if (Duration.TryParse(text, out var duration))
            {
                return duration;
            }
        }
        else
        {
            throw new InvalidOperationException($"config binder has no rule for {type}");
        }

        Error(node, path, $"'{text}' is not {Describe(type)}");
        return null;
    }

    private object? BindRecord(Type type, YamlNode node, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"expected a map of settings, found a {KindOf(node)}");
            return null;
        }

        var table = TableFor(type);
        var instance = Activator.CreateInstance(type)!;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (KeyOf(keyNode, path) is not { } key)
            {
                continue;
            }

            var keyPath = Join(path, key);
            if (!table.Properties.TryGetValue(key, out var property))
            {
                Error(keyNode, keyPath, $"unknown key '{key}'{DidYouMean.Suffix(key, table.Properties.Keys)}");
                continue;
            }

            var value = BindValue(property.PropertyType, valueNode, keyPath);
            if (value is not null)
            {
                property.SetValue(instance, value);
            }
        }

        return instance;
    }

    private object? BindList(Type itemType, YamlNode node, string path)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
        if (node is YamlSequenceNode sequence)
        {
            var index = 0;
            foreach (var child in sequence.Children)
            {
                var value = BindValue(itemType, child, $"{path}[{index++}]");
                if (value is not null)
                {
                    list.Add(value);
                }
            }
        }
        else if (node is YamlScalarNode && (itemType == typeof(string) || itemType.IsValueType))
        {
            // A lone scalar where a list is expected is a list of one: `methods: GET`.
            var value = BindValue(itemType, node, $"{path}[0]");
            if (value is not null)
            {
                list.Add(value);
            }
        }
        else
        {
            Error(node, path, $"expected a list, found a {KindOf(node)}");
            return null;
        }

        return list;
    }

    private object? BindDictionary(Type valueType, YamlNode node, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"expected a map of names, found a {KindOf(node)}");
            return null;
        }

        var dictionary = (IDictionary)Activator.CreateInstance(
            typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType), StringComparer.Ordinal)!;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (KeyOf(keyNode, path) is not { } key)
            {
                continue;
            }

            var keyPath = Join(path, key);
            var value = BindValue(valueType, valueNode, keyPath);
            if (value is null && valueType.IsClass)
            {
                // `name:` with nothing after it still declares the entry, with every setting at its default.
                value = valueType == typeof(string) ? null
                    : valueType == typeof(PolicyConfig) ? MissingPolicyType(valueNode, keyPath)
                    : Activator.CreateInstance(valueType);
            }

            if (value is not null)
            {
                dictionary[key] = value;
            }
        }

        return dictionary;
    }

    /// <summary>The key's text, or null (after an error) when the key is a list or map (<c>? [a, b]</c>).</summary>
    private string? KeyOf(YamlNode keyNode, string path)
    {
        if (keyNode is YamlScalarNode scalar)
        {
            return scalar.Value ?? "";
        }

        Error(keyNode, path, $"a key must be a single value, found a {KindOf(keyNode)}");
        return null;
    }

    /// <summary>
    /// The config record for the policy type a mapping names; null (after reporting it) when the type is missing
    /// or unknown.
    /// </summary>
    private (Type? Type, string? Name) PolicyTypeOf(YamlNode node, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"expected a map of settings, found a {KindOf(node)}");
            return (null, null);
        }

        var typeNode = mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "type" }).Value;
        var name = (typeNode as YamlScalarNode)?.Value;
        if (name is not null && Gateway.PolicyRegistry.ConfigTypeFor(name) is { } configType)
        {
            return (configType, name);
        }

        if (name is null)
        {
            MissingPolicyType(node, path);
            return (null, null);
        }

        var known = Gateway.PolicyRegistry.TypeNames;
        Error(typeNode!, Join(path, "type"), $"unknown policy type '{name}'; known types: {string.Join(", ", known)}{DidYouMean.Suffix(name, known)}");
        return (null, name);
    }

    private UnknownPolicyConfig MissingPolicyType(YamlNode node, string path)
    {
        Error(node, Join(path, "type"), $"a policy needs a type: one of {string.Join(", ", Gateway.PolicyRegistry.TypeNames)}");
        return new UnknownPolicyConfig();
    }

    private string? Substitute(YamlScalarNode scalar, string path)
    {
        var problems = new List<string>();
        var text = EnvironmentSubstitution.Apply(scalar.Value ?? "", _environment, problems);
        foreach (var problem in problems)
        {
            Error(scalar, path, problem);
        }

        return problems.Count == 0 ? text : null;
    }

    private void Error(YamlNode node, string path, string message) => _errors.Add(At(node), path, message);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string KindOf(YamlNode node) => node switch
    {
        YamlMappingNode => "map",
        YamlSequenceNode => "list",
        YamlScalarNode => "single value",
        _ => node.NodeType.ToString(),
    };

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) => "a whole number",
        _ when type == typeof(long) => "a size such as 512, 64KiB or 10MiB",
        _ when type == typeof(double) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration such as 500ms, 10s or 1m",
        _ => "a single value",
    };

    private static PropertyTable TableFor(Type type)
    {
        lock (Tables)
        {
            if (!Tables.TryGetValue(type, out var table))
            {
                table = new PropertyTable(type);
                Tables[type] = table;
            }

            return table;
        }
    }

    private sealed class PropertyTable
    {
        public PropertyTable(Type type)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!property.CanWrite)
                {
                    continue;
                }

                Properties[JsonNamingPolicyCamelCase(property.Name)] = property;
            }
        }

        public Dictionary<string, PropertyInfo> Properties { get; } = new(StringComparer.Ordinal);

        private static string JsonNamingPolicyCamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
    }
}
