<?php
/**
 * The account password of a user who owes a WhatsApp code is good only for the interactive
 * sign-in (`wp_signon()`, which ends in `wp_login`, where Login_Step asks for the code).
 * Anywhere else WordPress's `authenticate` filters run (XML-RPC, a REST or admin-ajax
 * handler, an HTTP Basic-auth plugin at `determine_current_user`, however early: before
 * `REST_REQUEST` is even defined), the password alone is refused for those users.
 * Application passwords keep working: they are their own credential, made by a signed-in user.
 * A last check at `determine_current_user` catches a plugin that checks the password itself
 * (wp_check_password(), no `authenticate` filters): for those users, a request is signed in
 * only by a sign-in cookie of a session the step made (not one a plugin made with
 * wp_set_auth_cookie() alone) or an application password.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Guards the `authenticate` filters.
 */
final class Password_Guard {

	/**
	 * Set by `wp_signon()`'s `wp_authenticate` action, taken by the `authenticate` run that follows.
	 *
	 * @var bool
	 */
	private static bool $signon_starting = false;

	/**
	 * Whether the `authenticate` run under way is `wp_signon()`'s.
	 *
	 * @var bool
	 */
	private static bool $in_signon = false;

	/**
	 * The user an application password authenticated in the `authenticate` run under way, or
	 * null. Reset at the start of every run: one XML-RPC request (system.multicall) runs it
	 * once per call, and another call's application password must not vouch for this one.
	 *
	 * @var int|null
	 */
	private static ?int $application_password_user = null;

	/**
	 * Whether WordPress's `authenticate` filters ran in this request (XML-RPC's login() did).
	 *
	 * @var bool
	 */
	private static bool $authenticated = false;

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'wp_authenticate', array( self::class, 'signon_starts' ) );
		add_filter( 'authenticate', array( self::class, 'start_authentication' ), PHP_INT_MIN );
		add_action( 'application_password_did_authenticate', array( self::class, 'remember_application_password_user' ) );
		// Last, after any plugin that authenticates late (a directory at priority 200, say).
		add_filter( 'authenticate', array( self::class, 'authenticate' ), PHP_INT_MAX );
		add_filter( 'determine_current_user', array( self::class, 'only_cookie_or_application_password' ), PHP_INT_MAX );
		add_action( 'auth_redirect', array( self::class, 'end_unverified_session' ) );
		add_action( 'xmlrpc_call', array( self::class, 'check_xmlrpc_call' ), PHP_INT_MIN, 3 );
	}

	/**
	 * Inside every XML-RPC method, after its login(): a user who owes a WhatsApp code is let
	 * through only by an application password checked in this request. A plugin whose
	 * `authenticate` filter runs after this one's (a directory at PHP_INT_MAX, added later)
	 * could otherwise turn the refusal of the account password back into the user.
	 *
	 * @param string            $method The XML-RPC method.
	 * @param mixed             $args   Unused.
	 * @param \IXR_Server|mixed $server The XML-RPC server (WordPress 5.7 and later).
	 */
	public static function check_xmlrpc_call( $method = '', $args = null, $server = null ): void {
		$user = wp_get_current_user();
		if ( ! self::$authenticated || ! $user->exists() || ! Login_Step::is_enabled_for( $user ) || self::$application_password_user === $user->ID ) {
			return;
		}
		wp_set_current_user( 0 );
		if ( ! $server instanceof \IXR_Server ) {
			$server = $GLOBALS['wp_xmlrpc_server'] ?? null;
		}
		$message = __( 'This account signs in with a WhatsApp code. Use an application password for XML-RPC and the REST API.', 'authsignal-whatsapp-challenge' );
		if ( $server instanceof \IXR_Server ) {
			$server->error( new \IXR_Error( 403, $message ) ); // Prints the fault and exits.
		}
		wp_die( esc_html( $message ), '', array( 'response' => 403 ) );
	}

	/**
	 * The cookie check of wp-admin (auth_redirect()) accepted a cookie: if its session was made
	 * without the step for a user who owes a code, it ends, and the person goes to sign in.
	 *
	 * @param int $user_id The cookie's user.
	 */
	public static function end_unverified_session( $user_id ): void {
		$user   = get_userdata( (int) $user_id );
		$cookie = wp_parse_auth_cookie( '', is_ssl() ? 'secure_auth' : 'auth' );
		$token  = is_array( $cookie ) ? (string) $cookie['token'] : '';
		if ( ! $user || ! Login_Step::is_enabled_for( $user ) || Login_Step::session_is_verified( $user->ID, $token ) ) {
			return;
		}
		\WP_Session_Tokens::get_instance( $user->ID )->destroy( $token );
		wp_clear_auth_cookie();
		nocache_headers();
		wp_safe_redirect( wp_login_url() );
		exit;
	}

	/** `wp_signon()` is about to run the `authenticate` filters: the interactive sign-in. */
	public static function signon_starts(): void {
		self::$signon_starting = true;
	}

	/**
	 * First in every `authenticate` run: whose run is it, and no application password has
	 * spoken for it yet.
	 *
	 * @param mixed $user Passed through.
	 * @return mixed
	 */
	public static function start_authentication( $user ) {
		self::$in_signon                 = self::$signon_starting;
		self::$signon_starting           = false;
		self::$application_password_user = null;
		self::$authenticated             = true;
		return $user;
	}

	/**
	 * Core's application password check accepted this user's application password.
	 *
	 * @param \WP_User $user The user it authenticated.
	 */
	public static function remember_application_password_user( $user ): void {
		self::$application_password_user = $user instanceof \WP_User ? $user->ID : null;
	}

	/**
	 * After every other check: refuse the password outside the interactive sign-in, and keep
	 * the interactive one from sending auth cookies before the code.
	 *
	 * @param \WP_User|\WP_Error|null $user What the earlier filters decided.
	 * @return \WP_User|\WP_Error|null
	 */
	public static function authenticate( $user ) {
		if ( ! $user instanceof \WP_User || ! Login_Step::is_enabled_for( $user ) ) {
			return $user;
		}
		// Only this run's application password, of this very user, counts (not did_action(),
		// which counts every call of the request).
		if ( self::$application_password_user === $user->ID ) {
			return $user;
		}
		if ( ! self::$in_signon || self::is_api_request() ) {
			return new \WP_Error( 'authsignal_whatsapp_api_login', __( 'This account signs in with a WhatsApp code. Use an application password for XML-RPC and the REST API.', 'authsignal-whatsapp-challenge' ) );
		}
		$refusal = Login_Step::refusal( $user );
		if ( null !== $refusal ) {
			return $refusal;
		}
		if ( Login_Step::owes_code( $user ) ) {
			// No auth cookie goes out before the code; Login_Step takes over at `wp_login`.
			add_filter( 'send_auth_cookies', '__return_false', PHP_INT_MAX );
		}
		return $user;
	}

	/**
	 * Last in `determine_current_user`: a user who owes a WhatsApp code is this request's user
	 * only by a valid sign-in cookie (set by the completed step) or an application password.
	 * Whatever else named them (a plugin that checked the account password itself, at any
	 * priority) is set aside.
	 *
	 * @param int|false $user_id The user the earlier filters found.
	 * @return int|false
	 */
	public static function only_cookie_or_application_password( $user_id ) {
		$user = is_numeric( $user_id ) && (int) $user_id > 0 ? get_userdata( (int) $user_id ) : false;
		if ( ! $user || ! Login_Step::is_enabled_for( $user ) || self::$application_password_user === $user->ID ) {
			return $user_id;
		}
		$has_cookie = ! empty( $_COOKIE[ LOGGED_IN_COOKIE ] ) || ! empty( $_COOKIE[ AUTH_COOKIE ] ) || ! empty( $_COOKIE[ SECURE_AUTH_COOKIE ] );
		if ( ! $has_cookie ) {
			return false;
		}
		// 'logged_in' (the front end, REST) or '' (wp-admin's auth cookie, secure on HTTPS).
		foreach ( array( 'logged_in', '' ) as $scheme ) {
			if ( wp_validate_auth_cookie( '', $scheme ) === $user->ID ) {
				$cookie = wp_parse_auth_cookie( '', $scheme );
				// A session another plugin made without the step (Login_Step::mark_session()) does not count.
				return Login_Step::session_is_verified( $user->ID, is_array( $cookie ) ? (string) $cookie['token'] : '' ) ? $user_id : false;
			}
		}
		return false;
	}

	/** Whether this request is XML-RPC or the REST API (as far as WordPress knows yet). */
	private static function is_api_request(): bool {
		return ( defined( 'XMLRPC_REQUEST' ) && XMLRPC_REQUEST ) || ( defined( 'REST_REQUEST' ) && REST_REQUEST );
	}
}
