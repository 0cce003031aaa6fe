using Fulcrum.Configuration;
using Fulcrum.Configuration.Validation;

namespace Fulcrum.Gateway.Headers;

internal sealed class HeadersPolicyFactory : IPolicyFactory
{
    public void Validate(PolicyConfig config, string path, GatewayConfig root, ConfigErrors errors)
    {
        var headers = (HeadersPolicyConfig)config;
        Check(headers.Request, $"{path}.request", errors, request: true);
        Check(headers.Response, $"{path}.response", errors, request: false);
    }

    public IRequestPolicy Create(string name, PolicyConfig config, PolicyContext context)
    {
        var headers = (HeadersPolicyConfig)config;
        return new HeadersPolicy(Changes(headers.Request), Changes(headers.Response));
    }

    private static KeyValuePair<string, string?>[] Changes(HeaderChangesConfig config) =>
        [.. config.Remove.Select(name => new KeyValuePair<string, string?>(name, null)),
         .. config.Set.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value))];

    private static void Check(HeaderChangesConfig changes, string path, ConfigErrors errors, bool request)
    {
        foreach (var (name, value) in changes.Set)
        {
            CheckName(errors, $"{path}.set.{name}", name, request);
            HeaderRules.Value(errors, $"{path}.set.{name}", value);
        }

        for (var i = 0; i < changes.Remove.Count; i++)
        {
            CheckName(errors, $"{path}.remove[{i}]", changes.Remove[i], request);
        }
    }

    private static void CheckName(ConfigErrors errors, string path, string name, bool request)
    {
        if (request)
        {
            HeaderRules.RequestName(errors, path, name);
        }
        else
        {
            HeaderRules.Name(errors, path, name);
        }
    }
}
