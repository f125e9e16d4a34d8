namespace Studio.Tests;
