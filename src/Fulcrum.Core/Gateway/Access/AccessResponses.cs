using System.Text;
using System.Text.Json;

namespace Fulcrum.Gateway.Access;

/// <summary>Encodes the access policies' JSON answers once, when a policy is compiled.</summary>
internal static class AccessResponses
{
    public static byte[] Encode(object value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value) + "\n");
}
