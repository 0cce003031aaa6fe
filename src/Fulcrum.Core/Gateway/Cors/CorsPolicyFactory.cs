using System.Globalization;
using Fulcrum.Configuration;
using Fulcrum.Configuration.Validation;

namespace Fulcrum.Gateway.Cors;

internal sealed class CorsPolicyFactory : IPolicyFactory
{
    /// <summary>Methods a page can ask for; CONNECT, TRACE and TRACK are forbidden to scripts by the Fetch standard.</summary>
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    /// <summary>Policy types that need credentials a preflight never carries.</summary>
    private static readonly string[] AuthenticationTypes = ["apiKey", "jwt"];

    public void Validate(PolicyConfig config, string path, GatewayConfig root, ConfigErrors errors)
    {
        var cors = (CorsPolicyConfig)config;
        CheckOrigins(cors, path, errors);
        CheckMethods(cors.AllowMethods, $"{path}.allowMethods", errors);
        CheckHeaderNames(cors.AllowHeaders, $"{path}.allowHeaders", errors);
        CheckHeaderNames(cors.ExposeHeaders, $"{path}.exposeHeaders", errors);
        if (cors.AllowCredentials)
        {
            if (cors.AllowOrigins.Contains("*"))
            {
                errors.Add($"{path}.allowCredentials",
                    "credentials cannot be allowed for every origin ('*'): browsers refuse that answer; list the origins");
            }

            if (cors.ExposeHeaders.Contains("*"))
            {
                errors.Add($"{path}.exposeHeaders",
                    "with allowCredentials browsers read '*' as a header name, not a wildcard; list the headers to expose");
            }
        }

        if (cors.MaxAge < TimeSpan.Zero)
        {
            errors.Add($"{path}.maxAge", "must be zero or more");
        }

        CheckOrderOnRoutes(path["policies.".Length..], root, errors);
    }

    public IRequestPolicy Create(string name, PolicyConfig config, PolicyContext context)
    {
        var cors = (CorsPolicyConfig)config;
        return new CorsPolicy(
            name,
            OriginMatcher.Create(cors.AllowOrigins),
            cors.AllowMethods.Contains("*") ? null : [.. cors.AllowMethods],
            RequestedHeaders.Create(cors.AllowHeaders),
            cors.ExposeHeaders.Count == 0 ? null : string.Join(", ", cors.ExposeHeaders),
            cors.AllowCredentials,
            cors.MaxAge is { } maxAge ? ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture) : null,
            context.LoggerFactory);
    }

    private static void CheckOrigins(CorsPolicyConfig cors, string path, ConfigErrors errors)
    {
        if (cors.AllowOrigins.Count == 0)
        {
            errors.Add($"{path}.allowOrigins", "list the origins allowed, such as https://app.example.com, or '*' for any");
        }

        for (var i = 0; i < cors.AllowOrigins.Count; i++)
        {
            var origin = cors.AllowOrigins[i];
            if (origin == "*" && cors.AllowOrigins.Count > 1)
            {
                errors.Add($"{path}.allowOrigins[{i}]", "'*' allows every origin: it cannot be combined with other entries");
            }
            else if (OriginMatcher.Check(origin) is { } error)
            {
                errors.Add($"{path}.allowOrigins[{i}]", error);
            }
        }
    }

    private static void CheckMethods(IReadOnlyList<string> methods, string path, ConfigErrors errors)
    {
        if (methods.Count == 0)
        {
            errors.Add(path, "list the methods allowed, such as [GET, POST], or '*' for any");
        }

        for (var i = 0; i < methods.Count; i++)
        {
            if (methods[i] != "*" && !Methods.Contains(methods[i], StringComparer.Ordinal))
            {
                errors.Add($"{path}[{i}]", $"'{methods[i]}' is not one of {string.Join(", ", Methods)} or '*'{DidYouMean.Suffix(methods[i], Methods)}");
            }
        }
    }

    private static void CheckHeaderNames(IReadOnlyList<string> names, string path, ConfigErrors errors)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] != "*")
            {
                HeaderRules.Name(errors, $"{path}[{i}]", names[i]);
            }
        }
    }

    /// <summary>
    /// A preflight carries no credentials, so an apiKey or jwt policy before cors on a route would refuse every
    /// preflight with 401 and the browser would never send the real request.
    /// </summary>
    private static void CheckOrderOnRoutes(string name, GatewayConfig root, ConfigErrors errors)
    {
        foreach (var (routeName, route) in root.Routes)
        {
            var at = -1;
            for (var i = 0; i < route.Policies.Count; i++)
            {
                if (route.Policies[i] == name)
                {
                    at = i;
                    break;
                }
            }

            for (var i = 0; i < at; i++)
            {
                if (root.Policies.TryGetValue(route.Policies[i], out var before) && AuthenticationTypes.Contains(before.Type, StringComparer.Ordinal))
                {
                    errors.Add($"routes.{routeName}.policies[{at}]",
                        $"cors policy '{name}' must come before {before.Type} policy '{route.Policies[i]}': browsers send preflights without credentials");
                    break;
                }
            }
        }
    }
}
