using System.Security.Cryptography;
using System.Text;

namespace Fulcrum.Gateway.Stores;

/// <summary>A Lua script with the SHA-1 Redis knows it by, so it can be run with EVALSHA.</summary>
internal sealed class RedisScript
{
    public RedisScript(string text)
    {
        Text = text;
        // SHA-1 is what Redis names scripts by (SCRIPT LOAD, EVALSHA); it is an identifier here, not a security measure.
#pragma warning disable CA5350
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
    }

    public string Text { get; }

    public byte[] Sha1 { get; }
}
