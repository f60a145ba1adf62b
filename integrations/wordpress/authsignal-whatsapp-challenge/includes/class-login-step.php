<?php
/**
 * Two-step sign-in: after a correct password, users of the chosen roles get no auth cookie
 * but a screen with the element (action `signIn`); only a token that Authsignal validates
 * for that user and that attempt signs them in. The interception follows WordPress's Two
 * Factor plugin: `send_auth_cookies` off from `authenticate`, the session just created
 * destroyed in `wp_login`, and a per-user key for the pending sign-in.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * The sign-in step.
 */
final class Login_Step {

	/** The wp-login.php action of the screen's form. */
	public const LOGIN_ACTION = 'authsignal_whatsapp';

	/** Query argument for the messages on the sign-in form. */
	public const MESSAGE_ARG = 'authsignal_whatsapp';

	/** User meta: ask this user to add a number (signed in without one). */
	public const ASK_FOR_NUMBER_META = '_authsignal_whatsapp_ask_for_number';

	/** The user whose password was just accepted and who still owes a code. */
	private static ?int $intercepted_user = null;

	/** @var string[] Session tokens created by the password step, destroyed again. */
	private static array $session_tokens = array();

	/**
	 * The user an application password authenticated in the `authenticate` run under way, or
	 * null. Reset at the start of every run: one XML-RPC request (system.multicall) runs it
	 * once per call, and another call's application password must not vouch for this one.
	 */
	private static ?int $application_password_user = null;

	/** Hooks. */
	public static function register_hooks(): void {
		add_filter( 'authenticate', array( self::class, 'start_authentication' ), PHP_INT_MIN );
		add_action( 'application_password_did_authenticate', array( self::class, 'remember_application_password_user' ) );
		add_filter( 'authenticate', array( self::class, 'authenticate' ), 100 );
		add_action( 'set_logged_in_cookie', array( self::class, 'collect_session_token' ), 10, 6 );
		add_action( 'wp_login', array( self::class, 'intercept' ), PHP_INT_MAX, 2 );
		add_action( 'login_form_' . self::LOGIN_ACTION, array( self::class, 'handle_code' ) );
		add_filter( 'wp_login_errors', array( self::class, 'login_messages' ) );
		add_action( 'admin_notices', array( self::class, 'ask_for_number_notice' ) );
	}

	/**
	 * First in every `authenticate` run: no application password has spoken for it yet.
	 *
	 * @param mixed $user Passed through.
	 * @return mixed
	 */
	public static function start_authentication( $user ) {
		self::$application_password_user = null;
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
	 * After the password checks: decide whether this sign-in owes a WhatsApp code.
	 *
	 * @param \WP_User|\WP_Error|null $user What the earlier filters decided.
	 * @return \WP_User|\WP_Error|null
	 */
	public static function authenticate( $user ) {
		if ( ! $user instanceof \WP_User || ! Settings::login_requires_whatsapp( $user ) ) {
			return $user;
		}
		if ( self::is_api_request() ) {
			// Application passwords are their own credential, made by a signed-in user: allowed.
			// The account password over XML-RPC or REST would skip the code: refused. Only this
			// run's application password, of this very user, counts (not did_action(), which
			// counts every call of the request).
			if ( self::$application_password_user === $user->ID ) {
				return $user;
			}
			return new \WP_Error( 'authsignal_whatsapp_api_login', __( 'This account signs in with a WhatsApp code. Use an application password for XML-RPC and the REST API.', 'authsignal-whatsapp-challenge' ) );
		}
		if ( ! Settings::is_configured() ) {
			// No secret key (removed, or a constant with a typo): no code can be asked for, and
			// letting the password alone through would switch the step off without a word.
			return new \WP_Error( 'authsignal_whatsapp_unavailable', __( 'The WhatsApp verification is unavailable right now. Please try again later.', 'authsignal-whatsapp-challenge' ) );
		}
		if ( '' === Phone_Field::get( $user->ID ) ) {
			if ( Settings::WITHOUT_PHONE_BLOCK === Settings::without_phone() ) {
				return new \WP_Error( 'authsignal_whatsapp_no_number', __( '<strong>Error:</strong> This account needs a WhatsApp number to sign in. Please ask a site administrator to add one.', 'authsignal-whatsapp-challenge' ) );
			}
			update_user_meta( $user->ID, self::ASK_FOR_NUMBER_META, 1 );
			return $user;
		}
		self::$intercepted_user = $user->ID;
		add_filter( 'send_auth_cookies', '__return_false', PHP_INT_MAX );
		return $user;
	}

	/**
	 * Remembers the session token `wp_signon()` creates, so `intercept()` can destroy it.
	 *
	 * @param string $cookie     The cookie value.
	 * @param int    $expire     Unused.
	 * @param int    $expiration Unused.
	 * @param int    $user_id    The user.
	 * @param string $scheme     Unused.
	 * @param string $token      The session token.
	 */
	public static function collect_session_token( $cookie, $expire = 0, $expiration = 0, $user_id = 0, $scheme = '', $token = '' ): void {
		if ( null !== self::$intercepted_user && (int) $user_id === self::$intercepted_user && is_string( $token ) && '' !== $token ) {
			self::$session_tokens[] = $token;
		}
	}

	/**
	 * After a correct password of a user who owes a code: undo the session and show the screen.
	 *
	 * @param string   $user_login The login name.
	 * @param \WP_User $user       The user.
	 */
	public static function intercept( $user_login, $user ): void {
		if ( ! $user instanceof \WP_User || self::$intercepted_user !== $user->ID ) {
			return;
		}
		$sessions = \WP_Session_Tokens::get_instance( $user->ID );
		foreach ( self::$session_tokens as $token ) {
			$sessions->destroy( $token );
		}
		remove_filter( 'send_auth_cookies', '__return_false', PHP_INT_MAX );
		wp_clear_auth_cookie();
		wp_set_current_user( 0 );

		// phpcs:disable WordPress.Security.NonceVerification -- the password form has no nonce; these only shape where the person lands.
		$redirect_to = isset( $_REQUEST['redirect_to'] ) && is_string( $_REQUEST['redirect_to'] ) ? esc_url_raw( wp_unslash( $_REQUEST['redirect_to'] ) ) : '';
		$remember    = ! empty( $_POST['rememberme'] );
		// phpcs:enable
		self::show_screen( $user, $redirect_to ? $redirect_to : admin_url(), $remember, 0 );
		exit;
	}

	/** The screen's form post: wp-login.php?action=authsignal_whatsapp. */
	public static function handle_code(): void {
		$method = isset( $_SERVER['REQUEST_METHOD'] ) ? strtoupper( sanitize_key( wp_unslash( $_SERVER['REQUEST_METHOD'] ) ) ) : 'GET';
		// phpcs:disable WordPress.Security.NonceVerification.Missing -- the pending sign-in's key is the nonce, checked by Pending_Login::open().
		$user_id = isset( $_POST['wp-auth-id'] ) ? absint( $_POST['wp-auth-id'] ) : 0;
		$key     = isset( $_POST['wp-auth-key'] ) && is_string( $_POST['wp-auth-key'] ) ? sanitize_text_field( wp_unslash( $_POST['wp-auth-key'] ) ) : '';
		$token   = isset( $_POST['authsignal_token'] ) && is_string( $_POST['authsignal_token'] ) ? wp_unslash( $_POST['authsignal_token'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- opaque token, never altered.
		// phpcs:enable
		$user    = 'POST' === $method && $user_id ? get_user_by( 'id', $user_id ) : false;
		$pending = $user ? Pending_Login::open( $user->ID, $key ) : null;
		if ( ! $user || null === $pending ) {
			self::back_to_sign_in( 'expired' );
		}

		$result = Result_Check::validate( $token, $user->ID, Validation::SIGN_IN_ACTION, $pending['attempt'] );
		if ( is_wp_error( $result ) ) {
			/** This action is documented in wp-includes/user.php. */
			do_action( 'wp_login_failed', $user->user_login, $result ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core hook.
			$failures = (int) $pending['failures'] + 1;
			if ( $failures >= Pending_Login::MAX_FAILURES ) {
				Pending_Login::end( $user->ID );
				self::back_to_sign_in( 'failed' );
			}
			self::show_screen( $user, (string) $pending['redirect_to'], (bool) $pending['remember'], $failures, $result->get_error_message() );
			exit;
		}

		Pending_Login::end( $user->ID );
		wp_set_auth_cookie( $user->ID, (bool) $pending['remember'] );
		wp_set_current_user( $user->ID );
		update_user_meta( $user->ID, Verify_Handler::VERIFIED_AT_META, time() );
		/** This action is documented in includes/class-verify-handler.php. */
		do_action( 'authsignal_whatsapp_verified', $user->ID, Validation::SIGN_IN_ACTION, $result );

		$requested = (string) $pending['redirect_to'];
		/** This filter is documented in wp-login.php. */
		$redirect_to = apply_filters( 'login_redirect', $requested, $requested, $user ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core filter.
		wp_safe_redirect( is_string( $redirect_to ) && '' !== $redirect_to ? $redirect_to : admin_url(), 303 );
		exit;
	}

	/**
	 * Shows the screen with the element: a new pending sign-in, a new tracked `signIn` action.
	 *
	 * @param \WP_User $user        The user.
	 * @param string   $redirect_to Where to go afterwards.
	 * @param bool     $remember    "Remember me".
	 * @param int      $failures    Refused codes so far.
	 * @param string   $error       Message of the last refusal, or ''.
	 */
	private static function show_screen( \WP_User $user, string $redirect_to, bool $remember, int $failures, string $error = '' ): void {
		$pending = Pending_Login::create( $user->ID, $redirect_to, $remember, $failures );
		if ( null === $pending ) {
			self::back_to_sign_in( 'unavailable' );
		}
		// The language of the sign-in screen around it (the site's, or wp-login.php's own language choice).
		$language = Validation::language_tag( determine_locale() );
		$tracked  = Server_API::track(
			$user->ID,
			Validation::SIGN_IN_ACTION,
			array(
				'phoneNumber'    => Phone_Field::get( $user->ID ),
				'idempotencyKey' => $pending['attempt'],
				'locale'         => $language,
			)
		);
		if ( is_wp_error( $tracked ) ) {
			Pending_Login::end( $user->ID );
			self::back_to_sign_in( 'unavailable' );
		}
		Assets::enqueue( $language );
		nocache_headers();

		$title = __( 'WhatsApp verification', 'authsignal-whatsapp-challenge' );
		$error_html = '' === $error ? '' : '<div id="login_error" role="alert">' . esc_html( $error ) . '</div>';
		self::page_start( $title, $error_html );
		?>
		<form name="authsignal_whatsapp_form" id="authsignal-whatsapp-login-form" action="<?php echo esc_url( add_query_arg( 'action', self::LOGIN_ACTION, wp_login_url() ) ); ?>" method="post">
			<p><?php esc_html_e( 'To finish signing in, verify with the code we send to your WhatsApp.', 'authsignal-whatsapp-challenge' ); ?></p>
			<input type="hidden" name="wp-auth-id" value="<?php echo esc_attr( (string) $user->ID ); ?>" />
			<input type="hidden" name="wp-auth-key" value="<?php echo esc_attr( $pending['key'] ); ?>" />
			<authsignal-whatsapp-challenge id="authsignal-whatsapp-login" name="authsignal_token" lang="<?php echo esc_attr( $language ); ?>"
			<?php
			foreach ( Settings::client_api_attributes() as $name => $value ) {
				echo ' ' . esc_attr( $name ) . '="' . esc_attr( $value ) . '"';
			}
			?>
			required autosubmit></authsignal-whatsapp-challenge>
			<script>document.getElementById('authsignal-whatsapp-login').token = <?php echo wp_json_encode( (string) $tracked['token'] ); ?>;</script>
			<noscript><p><?php esc_html_e( 'WhatsApp verification needs JavaScript.', 'authsignal-whatsapp-challenge' ); ?></p></noscript>
		</form>
		<p id="nav"><a href="<?php echo esc_url( wp_login_url() ); ?>"><?php esc_html_e( 'Cancel and sign in again', 'authsignal-whatsapp-challenge' ); ?></a></p>
		<?php
		self::page_end();
	}

	/**
	 * Opens the page: wp-login.php's own header when it is the page being served.
	 *
	 * @param string $title      Page title.
	 * @param string $error_html Escaped error box, or ''.
	 */
	private static function page_start( string $title, string $error_html ): void {
		if ( function_exists( 'login_header' ) ) {
			login_header( $title );
			echo $error_html; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by the caller.
			return;
		}
		?>
		<!DOCTYPE html>
		<html <?php language_attributes(); ?>>
		<head><meta charset="<?php bloginfo( 'charset' ); ?>" /><meta name="viewport" content="width=device-width" /><title><?php echo esc_html( $title ); ?></title><?php wp_print_styles( 'login' ); ?></head>
		<body class="login"><div id="login">
		<?php
		echo $error_html; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by the caller.
	}

	/** Closes the page. */
	private static function page_end(): void {
		if ( function_exists( 'login_footer' ) ) {
			login_footer();
			return;
		}
		echo '</div>';
		wp_print_footer_scripts();
		echo '</body></html>';
	}

	/**
	 * Back to the password form with a message, and stop.
	 *
	 * @param string $why `expired`, `failed` or `unavailable`.
	 */
	private static function back_to_sign_in( string $why ): void {
		wp_safe_redirect( add_query_arg( self::MESSAGE_ARG, $why, wp_login_url() ), 303 );
		exit;
	}

	/**
	 * The messages on the password form.
	 *
	 * @param \WP_Error $errors The form's messages.
	 */
	public static function login_messages( $errors ) {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- picks a fixed message.
		$why = isset( $_GET[ self::MESSAGE_ARG ] ) ? sanitize_key( wp_unslash( $_GET[ self::MESSAGE_ARG ] ) ) : '';
		$messages = array(
			'expired'     => __( 'Your sign-in was not completed in time or was not valid. Please sign in again.', 'authsignal-whatsapp-challenge' ),
			'failed'      => __( 'Too many attempts. Please sign in again.', 'authsignal-whatsapp-challenge' ),
			'unavailable' => __( 'The WhatsApp verification is unavailable right now. Please try again later.', 'authsignal-whatsapp-challenge' ),
		);
		if ( $errors instanceof \WP_Error && isset( $messages[ $why ] ) ) {
			$errors->add( 'authsignal_whatsapp_' . $why, $messages[ $why ] );
		}
		return $errors;
	}

	/** Asks a user who signed in without a number on file to add one. */
	public static function ask_for_number_notice(): void {
		$user_id = get_current_user_id();
		if ( ! $user_id || ! get_user_meta( $user_id, self::ASK_FOR_NUMBER_META, true ) ) {
			return;
		}
		if ( '' !== Phone_Field::get( $user_id ) ) {
			delete_user_meta( $user_id, self::ASK_FOR_NUMBER_META );
			return;
		}
		printf(
			'<div class="notice notice-warning"><p>%s <a href="%s">%s</a></p></div>',
			esc_html__( 'This site asks for a WhatsApp code at sign-in. Please add your WhatsApp number.', 'authsignal-whatsapp-challenge' ),
			esc_url( get_edit_profile_url( $user_id ) . '#authsignal_phone_number' ),
			esc_html__( 'Add it to your profile', 'authsignal-whatsapp-challenge' )
		);
	}

	/** Whether this request is XML-RPC or the REST API. */
	private static function is_api_request(): bool {
		return ( defined( 'XMLRPC_REQUEST' ) && XMLRPC_REQUEST ) || ( defined( 'REST_REQUEST' ) && REST_REQUEST );
	}
}
