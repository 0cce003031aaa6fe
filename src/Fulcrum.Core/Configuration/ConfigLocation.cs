namespace Fulcrum.Configuration;

/// <summary>Where something stands in a config file; line and column count from 1.</summary>
internal readonly record struct ConfigLocation(string File, int Line, int Column)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
