using System.Text.RegularExpressions;
using Fulcrum.Routing;

namespace Fulcrum.Configuration.Validation;

internal static class RouteRules
{
    public static void Validate(GatewayConfig config, ConfigErrors errors)
    {
        if (config.Routes.Count == 0)
        {
            errors.Add("routes", "no routes are declared: every request would get 404");
        }

        foreach (var (name, route) in config.Routes)
        {
            var path = $"routes.{name}";
            ConfigValidator.Reference(errors, $"{path}.cluster", "cluster", route.Cluster, config.Clusters);
            for (var i = 0; i < route.Listeners.Count; i++)
            {
                ConfigValidator.Reference(errors, $"{path}.listeners[{i}]", "listener", route.Listeners[i], config.Listeners);
            }

            for (var i = 0; i < route.Policies.Count; i++)
            {
                ConfigValidator.Reference(errors, $"{path}.policies[{i}]", "policy", route.Policies[i], config.Policies);
            }

            if (route.Timeout is { } timeout)
            {
                ConfigValidator.Positive(errors, $"{path}.timeout", timeout);
            }

            ValidateMatch(route.Match, $"{path}.match", errors);
            ValidateClaims(config, route, $"{path}.match.claims", errors);
            for (var i = 0; i < route.Transforms.Count; i++)
            {
                ValidateTransform(route.Transforms[i], $"{path}.transforms[{i}]", errors);
            }
        }
    }

    private static void ValidateMatch(RouteMatchConfig match, string path, ConfigErrors errors)
    {
        if (match.Path is not null && match.PathPrefix is not null)
        {
            errors.Add($"{path}.pathPrefix", "give either path or pathPrefix, not both");
        }

        if (match.Path is { } exact)
        {
            if (!exact.StartsWith('/'))
            {
                errors.Add($"{path}.path", $"'{exact}' must start with '/'");
            }
            else if (!PathTemplate.TryParse(exact, out _, out var error))
            {
                errors.Add($"{path}.path", error!);
            }
        }

        if (match.PathPrefix is { } prefix && !prefix.StartsWith('/'))
        {
            errors.Add($"{path}.pathPrefix", $"'{prefix}' must start with '/'");
        }

        if (match.IgnoreCase && match.Path is null && match.PathPrefix is null)
        {
            errors.Add($"{path}.ignoreCase", "applies to path or pathPrefix, and this route has neither");
        }

        for (var i = 0; i < match.Hosts.Count; i++)
        {
            var host = match.Hosts[i];
            var bare = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (bare.Length == 0 || bare.Contains('*') || bare.Contains('/') || bare.Contains(' '))
            {
                errors.Add($"{path}.hosts[{i}]", $"'{host}' is not a host name or a wildcard such as *.example.com");
            }
            else if (HasPort(bare))
            {
                errors.Add($"{path}.hosts[{i}]", $"'{host}' has a port: hosts match the name only, whatever the port");
            }
        }

        for (var i = 0; i < match.Methods.Count; i++)
        {
            var method = match.Methods[i];
            if (method.Length == 0 || !method.All(char.IsAsciiLetterUpper))
            {
                errors.Add($"{path}.methods[{i}]", $"'{method}' is not an HTTP method in upper case, such as GET");
            }
        }

        for (var i = 0; i < match.Headers.Count; i++)
        {
            var header = match.Headers[i];
            ValidateCondition($"{path}.headers[{i}]", header.Name, header.Value, header.Values, header.Regex, header.Present, errors);
        }

        for (var i = 0; i < match.Query.Count; i++)
        {
            var query = match.Query[i];
            ValidateCondition($"{path}.query[{i}]", query.Name, query.Value, query.Values, query.Regex, query.Present, errors);
        }
    }

    /// <summary>
    /// Claim conditions are judged by the route's first jwt policy (it validates the token during routing), so a
    /// route that matches on claims must list one.
    /// </summary>
    private static void ValidateClaims(GatewayConfig config, RouteConfig route, string path, ConfigErrors errors)
    {
        if (route.Match.Claims.Count == 0)
        {
            return;
        }

        foreach (var (name, values) in route.Match.Claims)
        {
            if (name.Length == 0)
            {
                errors.Add(path, "a claim name cannot be empty");
            }

            if (values.Count == 0)
            {
                errors.Add($"{path}.{name}", "an empty list matches nothing: give at least one value");
            }

            for (var i = 0; i < values.Count; i++)
            {
                if (values[i].Length == 0)
                {
                    errors.Add($"{path}.{name}[{i}]", "a claim value cannot be empty");
                }
            }
        }

        var hasJwt = route.Policies.Any(p => config.Policies.TryGetValue(p, out var policy) && policy.Type == "jwt");
        var unknownPolicy = route.Policies.Any(p => !config.Policies.ContainsKey(p));
        if (!hasJwt && !unknownPolicy)
        {
            errors.Add(path, "matching on claims needs a jwt policy in this route's policies, to validate the token");
        }
    }

    private static void ValidateCondition(
        string path, string name, string? value, IReadOnlyList<string>? values, string? regex, bool? present, ConfigErrors errors)
    {
        if (name.Length == 0)
        {
            errors.Add($"{path}.name", "a name is required");
        }

        var given = (value is null ? 0 : 1) + (values is null ? 0 : 1) + (regex is null ? 0 : 1) + (present is null ? 0 : 1);
        if (given != 1)
        {
            errors.Add(path, "give exactly one of value, values, regex or present");
        }

        if (values is { Count: 0 })
        {
            errors.Add($"{path}.values", "an empty list matches nothing: give at least one value");
        }

        if (regex is not null)
        {
            try
            {
                _ = new Regex(regex, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException e)
            {
                errors.Add($"{path}.regex", $"invalid regular expression: {e.Message}");
            }
        }
    }

    private static void ValidateTransform(TransformConfig transform, string path, ConfigErrors errors)
    {
        var kinds = new List<string>();
        if (transform.PathRemovePrefix is { } remove)
        {
            kinds.Add("pathRemovePrefix");
            StartsWithSlash(errors, $"{path}.pathRemovePrefix", remove);
        }

        if (transform.PathPrefix is { } add)
        {
            kinds.Add("pathPrefix");
            StartsWithSlash(errors, $"{path}.pathPrefix", add);
        }

        if (transform.RequestHeader is { } requestHeader)
        {
            kinds.Add("requestHeader");
            HeaderRules.RequestName(errors, $"{path}.requestHeader", requestHeader);
        }

        if (transform.ResponseHeader is { } responseHeader)
        {
            kinds.Add("responseHeader");
            HeaderRules.Name(errors, $"{path}.responseHeader", responseHeader);
        }

        if (transform.RequestHeaderRemove is { } requestRemove)
        {
            kinds.Add("requestHeaderRemove");
            HeaderRules.RequestName(errors, $"{path}.requestHeaderRemove", requestRemove);
        }

        if (transform.ResponseHeaderRemove is { } responseRemove)
        {
            kinds.Add("responseHeaderRemove");
            HeaderRules.Name(errors, $"{path}.responseHeaderRemove", responseRemove);
        }

        if (kinds.Count != 1)
        {
            errors.Add(path, kinds.Count == 0
                ? "a transform needs one of pathRemovePrefix, pathPrefix, requestHeader, requestHeaderRemove, responseHeader, responseHeaderRemove"
                : $"one transform per list item, found {string.Join(" and ", kinds)}");
        }

        var setsHeader = transform.RequestHeader is not null || transform.ResponseHeader is not null;
        if (setsHeader && transform.Set is null)
        {
            errors.Add(path, "requestHeader and responseHeader need `set: value`");
        }
        else if (!setsHeader && transform.Set is not null)
        {
            errors.Add($"{path}.set", "set belongs with requestHeader or responseHeader");
        }
        else if (transform.Set is { } value)
        {
            HeaderRules.Value(errors, $"{path}.set", value);
        }
    }

    private static void StartsWithSlash(ConfigErrors errors, string path, string value)
    {
        if (!value.StartsWith('/') || value.Length < 2 || value.EndsWith('/'))
        {
            errors.Add(path, $"'{value}' must start with '/' and not end with one, such as /api");
        }
    }

    /// <summary><c>example.com:8080</c> or <c>[::1]:8080</c>; a bare IPv6 literal has colons but no port.</summary>
    private static bool HasPort(string host) => host.StartsWith('[')
        ? host.Contains("]:", StringComparison.Ordinal)
        : host.Count(c => c == ':') == 1;
}
