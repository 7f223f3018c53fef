package dev.turnpike.api; public class Turnpike { public static void main(String[] a){} }
