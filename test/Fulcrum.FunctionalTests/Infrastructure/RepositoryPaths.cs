namespace Fulcrum.FunctionalTests.Infrastructure;

internal static class RepositoryPaths
{
    /// <summary>The checkout's root, found by walking up from the test binaries to Fulcrum.slnx.</summary>
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fulcrum.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Fulcrum.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}
