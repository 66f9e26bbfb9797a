<?php
/**
 * Admin tokens for the overlay.
 *
 * @package SiteTracker
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Mints the admin token the overlay joins the site's live channel with: a JWT signed
 * with HS256 using the site secret, claims `site`, `sub`, `role`, `iat` and `exp`
 * (the server refuses tokens that live more than 7 days).
 */
class SiteTracker_Token {

	const LIFETIME = 43200; // 12 hours.

	/**
	 * A token for `$sub` on `$site`.
	 *
	 * @param string   $secret The site secret.
	 * @param string   $site   The site key.
	 * @param string   $sub    Who: shown to the other admins (at most 120 characters).
	 * @param string   $role   "admin" or "viewer".
	 * @param int|null $now    Unix seconds; now when null.
	 * @param int      $ttl    Seconds the token lives.
	 * @return string
	 */
	public static function mint( $secret, $site, $sub, $role = 'admin', $now = null, $ttl = self::LIFETIME ) {
		$issued = null === $now ? time() : (int) $now;
		$claims = array(
			'site' => (string) $site,
			'sub'  => self::cut( (string) $sub, 120 ),
			'role' => $role,
			'iat'  => $issued,
			'exp'  => $issued + (int) $ttl,
		);
		$body   = self::b64( '{"alg":"HS256","typ":"JWT"}' ) . '.' . self::b64( (string) wp_json_encode( $claims, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );
		return $body . '.' . self::b64( hash_hmac( 'sha256', $body, (string) $secret, true ) );
	}

	/**
	 * Base64url without padding.
	 *
	 * @param string $raw Bytes.
	 * @return string
	 */
	private static function b64( $raw ) {
		return rtrim( strtr( base64_encode( $raw ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- JWT encoding.
	}

	/**
	 * At most `$length` characters (UTF-8 aware when mbstring is there).
	 *
	 * @param string $text   The text.
	 * @param int    $length The limit.
	 * @return string
	 */
	private static function cut( $text, $length ) {
		return function_exists( 'mb_substr' ) ? mb_substr( $text, 0, $length, 'UTF-8' ) : substr( $text, 0, $length );
	}
}
